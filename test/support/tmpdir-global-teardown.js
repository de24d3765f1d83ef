module.exports = require('./tmpdir-setup').teardown;

module.exports = require('./tmpdir-setup').setup;

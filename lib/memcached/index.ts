export * from './memcached';
export * from './sizing';

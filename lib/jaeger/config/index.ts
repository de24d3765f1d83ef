export * from './all-in-one';
export * from './common';
export * from './ports';
export * from './sampling';
export * from './types';
export * from './kafka';
export * from './roles';
export * from './search';

export * from './all-in-one';
export * from './common';
export * from './ports';
export * from './sampling';
export * from './types';

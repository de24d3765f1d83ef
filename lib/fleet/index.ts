export * from './model';
export * from './patterns';
export * from './recommend';
export * from './report';
export * from './datapath';
export * from './day2/diff';

export * from './model';
export * from './patterns';
export * from './recommend';
export * from './report';
export * from './datapath';
export * from './alerts';
export * from './dashboards';
export * from './metric-facts';

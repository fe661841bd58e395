export { nkolayClient, statusOfRows, type NkolayClient } from './client';
export * from './types';
export * from './wire';

export * from './users';
export * from './otp';
export * from './sms';
export * from './kyc';
export * from './services';
export * from './api';
export * from './ledger';
export * from './payments';

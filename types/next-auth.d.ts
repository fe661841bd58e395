import type { DefaultSession } from 'next-auth';
import type { UserRole } from '@/db/schema';

declare module 'next-auth' {
  interface User {
    role: UserRole;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; role: UserRole } & DefaultSession['user'];
    sv: number;
    loginAt: number;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    uid: string;
    role: UserRole;
    sv: number;
    loginAt: number;
    sid: string;
  }
}

import type { Logger } from 'pino';

export declare const REDACTED_KEYS: string[];
export declare function redactionPaths(keys?: string[], depth?: number): string[];
export declare const DROPPED_ERROR_KEYS: Set<string>;
export declare function errSerializer(err: unknown): unknown;
export declare function maskCardNumbers<T>(text: T): T;
export declare function levelFrom(env?: Record<string, string | undefined>): string;
export declare function prettyLine(line: string, colour?: boolean): string;
export declare function createLogger(opts?: {
  env?: Record<string, string | undefined>;
  pretty?: boolean;
  destination?: { write(line: string): unknown };
  base?: Record<string, unknown>;
}): Logger;

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

export declare function requestIdFrom(header: string | string[] | undefined): string;
export declare function logContextStore(): AsyncLocalStorage<{ requestId?: string; jobId?: string; queue?: string }>;
export declare function createObservedHandler(opts: {
  edge: (req: IncomingMessage, res: ServerResponse) => boolean;
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  routeOf: (url: string | undefined) => string;
  log: Logger;
  fail?: (res: ServerResponse) => void;
}): (req: IncomingMessage, res: ServerResponse) => void;
export declare function createShutdown(opts: {
  server: Server;
  close?: () => Promise<unknown>;
  log: Logger;
  delayMs?: number;
  drainMs?: number;
  hooksMs?: number;
  exit?: (code: number) => void;
}): (signal: string) => Promise<void>;

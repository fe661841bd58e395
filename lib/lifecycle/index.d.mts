export declare function isShuttingDown(): boolean;
export declare function markShuttingDown(): boolean;
export declare function onShutdown(name: string, fn: () => unknown): () => void;
export declare function runShutdownHooks(timeoutMs?: number, report?: (name: string, error: unknown) => void): Promise<void>;
export declare function resetLifecycleForTests(): void;

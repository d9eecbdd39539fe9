import { readdirSync } from 'node:fs';
import os from 'node:os';
import { BadRequestError } from '../domain/errors.ts';

// Writers that run beside a server on the same machine (`omo ingest hub`, `omo catalog load`) are batch work: they
// lower their CPU priority, so that when both want the cores the server's answers come first (an ingest's parsing
// threads would otherwise take both cores of a small machine, and /healthz waited seconds beside it). A lower
// priority costs nothing when the machine is otherwise idle.

let ownProcess = false;

/** Called by the `omo` entry point: the command runs in a process of its own (not in a test or another program). */
export function markOwnProcess(): void {
  ownProcess = true;
}

/** The `--nice` flag's value: 0–19. */
export function parseNice(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 19)
    throw new BadRequestError('invalid_parameter', `--nice takes a whole number from 0 to 19, got "${text}"`);
  return n;
}

/**
 * Lowers this process's CPU priority by `nice` steps (at most to 19). On Linux each thread has its own priority and a
 * new thread takes its creator's, so every thread running now is lowered and the worker threads started later follow
 * the main thread. Nothing happens inside another program (the tests run commands in their own process), for 0, or
 * where the system refuses.
 */
export function lowerPriority(nice: number): void {
  if (!ownProcess || nice <= 0) return;
  const target = Math.min(19, os.getPriority() + nice);
  let threads: number[] = [0];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // not Linux: the process's priority is every thread's
  }
  for (const tid of threads) {
    try {
      os.setPriority(tid, target);
    } catch {
      // a thread that ended meanwhile, or a system that does not allow it: the command runs at its priority
    }
  }
}

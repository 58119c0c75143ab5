/**
 * The real stack for browser tests: the console built once with vite, the API
 * (serving that build) on a free port over a fresh database and Redis prefix,
 * the workers as a child process, and Debian's chromium driven by
 * playwright-core.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, startTestStack, type TestStack } from '@hotline/testing';

export const CONSOLE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(CONSOLE_ROOT, '..');
export const DIST = path.join(CONSOLE_ROOT, 'dist');
export const RESULTS = path.join(CONSOLE_ROOT, 'test-results');

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

function portOpen(port: number): boolean {
  const r = spawnSync('bash', ['-c', `(exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null`]);
  return r.status === 0;
}

/** Redis and the MongoDB-wire database, started by the repo's own scripts when not running. */
export function ensureServices(): void {
  if (portOpen(6379) && portOpen(27017)) return;
  execFileSync('bash', ['-c', 'source infra/scripts/lib.sh; ensure_redis; ensure_database'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Debian's chromium (installed when missing); CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(wanted)) return wanted;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${wanted} does not exist`);
  execFileSync('bash', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'], {
    stdio: 'inherit',
  });
  if (!existsSync(wanted)) throw new Error('chromium could not be installed');
  return wanted;
}

/** Builds the console once per run (SKIP_CONSOLE_BUILD=1 reuses an existing dist/). */
export function buildConsole(): void {
  if (process.env.SKIP_CONSOLE_BUILD === '1' && existsSync(path.join(DIST, 'index.html'))) return;
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: CONSOLE_ROOT, stdio: 'inherit' });
}

export interface ConsoleStack {
  stack: TestStack;
  browser: Browser;
  baseUrl: string;
  /** A fresh browser profile (cookies, localStorage) at the given size. */
  newContext(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** A new page signed in as a demo user, on that user's home page. */
  signIn(email: string, viewport?: { width: number; height: number }, beforeLogin?: (ctx: BrowserContext) => Promise<void>): Promise<Page>;
  /** Screenshots every open page (after a failure) into test-results/. */
  captureOpenPages(prefix: string): Promise<void>;
  stop(): Promise<void>;
}

let built = false;

/**
 * `suite` names the fresh database; `env` is given to both the API and the
 * workers (e.g. SLA_MINUTE_MS=1000 so SLA policies run in seconds).
 */
export async function startConsoleStack(opts: { suite?: string; env?: Record<string, string> } = {}): Promise<ConsoleStack> {
  ensureServices();
  const executablePath = chromiumPath();
  if (!built) buildConsole();
  built = true;
  mkdirSync(RESULTS, { recursive: true });
  process.env.CONSOLE_DIR = DIST;

  const saved = Object.fromEntries(Object.keys(opts.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, opts.env ?? {});
  let stack: TestStack;
  try {
    stack = await startTestStack(opts.suite ?? 'console');
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  try {
    await stack.startWorkers(opts.env);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--no-first-run', '--disable-dev-shm-usage',
    ],
  });
  const contexts: BrowserContext[] = [];

  const newContext = async (viewport = DESKTOP) => {
    const ctx = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: stack.baseUrl });
    // Generous: in npm test the browser shares two cores with the workers' suites; a wait still fails when its state never comes.
    ctx.setDefaultTimeout(30_000);
    ctx.setDefaultNavigationTimeout(30_000);
    contexts.push(ctx);
    return ctx;
  };

  return {
    stack,
    browser,
    baseUrl: stack.baseUrl,
    newContext,
    async signIn(email, viewport = DESKTOP, beforeLogin) {
      const ctx = await newContext(viewport);
      await beforeLogin?.(ctx);
      const page = await ctx.newPage();
      await page.goto('/login');
      await page.locator('#login-email').fill(email);
      await page.locator('#login-password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.locator('[data-testid=live-status][data-status=live]').waitFor();
      return page;
    },
    async captureOpenPages(prefix) {
      let n = 0;
      for (const c of contexts) {
        for (const p of c.pages()) {
          n += 1;
          await p.screenshot({ path: screenshotPath(`${prefix}-${n}`), fullPage: true }).catch(() => {});
        }
      }
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await stack.stop();
    },
  };
}

export const screenshotPath = (name: string) => path.join(RESULTS, `${name}.png`);

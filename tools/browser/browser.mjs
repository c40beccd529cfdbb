// Shared helpers of the browser journeys: launching Debian's Chromium
// through playwright-core, screenshots as artifacts, and the checks every
// journey makes (no console errors, no failed requests).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = (process.env.HOSTBASE_URL || 'http://127.0.0.1:8090').replace(/\/$/, '');
export const ARTIFACTS = process.env.HOSTBASE_ARTIFACTS || join(process.cwd(), 'bin', 'artifacts', 'browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// launch starts a headless Chromium with a fresh profile. The machine's
// network is loopback only: everything that would call out is switched off.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'hostbase-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

// watch collects what would make a page wrong without failing loudly:
// console errors, uncaught exceptions and requests that failed.
export function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    // A 4xx answer is a form the server refused, shown to the visitor by
    // design; the browser logs it all the same.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || '';
    // Navigating away cancels in-flight requests (realtime, a pending quote).
    if (!why.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()} ${why}`);
  });
  return problems;
}

let shot = 0;
// screenshot saves the page at the given widths, numbered in journey order,
// and fails when the page is wider than the window.
export async function screenshot(page, name, widths = [1280, 375]) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  shot += 1;
  for (const width of widths) {
    if (page.viewportSize().width !== width) await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
    await page.waitForTimeout(60); // one layout pass after the resize
    await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}-${width}.png`), fullPage: true });
    // Nothing may stick out sideways: at 375 px that is a page to scroll
    // both ways.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width) throw new Error(`${name} at ${width} px is ${wide} px wide`);
  }
  const unlabelled = await unlabelledControls(page);
  if (unlabelled.length) throw new Error(`${name}: controls without a label: ${unlabelled.join(', ')}`);
  if (original) await page.setViewportSize(original);
}

// unlabelledControls lists the visible form fields and buttons that a
// screen reader could not name, and images without alt text.
export function unlabelledControls(page) {
  return page.evaluate(() => {
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const named = (el) => el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    const out = [];
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if (!visible(el) && el.type !== 'radio' && el.type !== 'checkbox') continue;
      if (!el.labels?.length && !named(el)) out.push(`${el.tagName.toLowerCase()}[name=${el.name}]`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (visible(el) && !el.textContent.trim() && !named(el) && !el.querySelector('img[alt]:not([alt=""])')) out.push(el.outerHTML.slice(0, 60));
    }
    for (const el of document.querySelectorAll('img:not([alt])')) out.push(el.outerHTML.slice(0, 60));
    return out;
  });
}

// step logs a journey step with its elapsed time, for the Go test's output.
const started = Date.now();
export function step(text) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
}

// check fails the journey with a message when a condition does not hold.
export function check(ok, message) {
  if (!ok) throw new Error(message);
}

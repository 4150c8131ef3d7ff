import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboard } from '../../../pipelines/report/dashboard/write-dashboard.ts';
import { type DemoProject, FORMULA_TITLE, publishedDemo } from './demo-project.ts';

// The HTML dashboard as a policy officer opens it: from disk, in a real browser (Debian's
// chromium, headless), with no network. It must draw the published numbers, follow the filters,
// show hidden cells as "verborgen" and not as 0 (nor as "< 10": complementary suppression hides
// larger counts too), and log no errors.
const CHROMIUM = '/usr/bin/chromium';
let demo: DemoProject;
let browser: Browser;
let page: Page;
let file: string;
let bytes: number;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; this test needs it. Install it with ` +
        '`apt-get update && apt-get install -y chromium` (CI does this in .ci/run).',
    );
  }
  // The browser starts while the demo is built: two cores, two jobs.
  const launching = chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  demo = await publishedDemo();
  ({ file, bytes } = await writeDashboard(demo.cfg, { organisation: 'Welzijn Utrecht-Midden (demo)' }));
  browser = await launching;
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-ready="true"]');
});
afterAll(async () => {
  await browser?.close();
  demo?.remove();
});

interface Point {
  service: string;
  period: string;
  value: number | null;
}

const chartPoints = () =>
  page.$$eval('#reach-chart circle.point', (els) =>
    els.map((e) => ({
      service: (e as SVGElement).dataset.series!,
      period: (e as SVGElement).dataset.period!,
      value: (e as SVGElement).dataset.hidden ? null : Number((e as SVGElement).dataset.value),
    })),
  );

async function choose(filter: 'gemeente' | 'werksoort' | 'periode', value: string) {
  await page.selectOption(`#filter-${filter}`, value);
}

describe('the dashboard', () => {
  it('is one file, next to the published data', () => {
    expect(file).toBe(join(demo.cfg.publish.dir, 'dashboard.html'));
    expect(statSync(file).size).toBe(bytes);
  });

  it('draws the published reach of the municipality chosen in the filter', async () => {
    await choose('periode', 'quarter:2025-01-01');
    await choose('gemeente', 'GM0355');
    const zeist = await chartPoints();
    await choose('gemeente', 'GM0344');
    const utrecht = await chartPoints();
    expect(utrecht).not.toEqual(zeist); // the filter changed the chart

    const published = await demo.parquet<{ service: string; period: string; value: number | null }>(
      'ind_reach',
      "municipality_code = 'GM0344' AND period_type = 'quarter' " +
        "AND period_start BETWEEN DATE '2023-04-01' AND DATE '2025-01-01'",
    );
    const expected: Point[] = published.map((r: Record<string, unknown>) => ({
      service: String(r.service_code),
      period: (r.period_start as Date).toISOString().slice(0, 10),
      value: r.reached_clients as number | null,
    }));
    const key = (p: Point) => `${p.service} ${p.period}`;
    expect(utrecht.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(utrecht).toContainEqual({ service: 'AMW', period: '2025-01-01', value: 20 });
  });

  it('shows a hidden count as "verborgen" with a tooltip, never as 0', async () => {
    const cell = page.locator('#reach tr[data-service="JW"] td').nth(1);
    await expect(cell.textContent()).resolves.toBe('verborgen');
    await expect(cell.getAttribute('title')).resolves.toMatch(/minder dan 10.*terug te rekenen.*niet 0/);
    const hiddenPoint = page.locator('#reach-chart circle[data-hidden="true"]').first();
    await expect(hiddenPoint.locator('title').textContent()).resolves.toMatch(/verborgen \(niet 0\)/);
    // biome-ignore lint/performance/useDomNodeTextContent: the script holds no figures, but its code is not what a reader sees
    await expect(page.locator('body').innerText()).resolves.not.toContain('< 10');
  });

  it('narrows to one service and shows outcome change, goal attainment and societal return for a year', async () => {
    await choose('periode', 'year:2025-01-01');
    await choose('werksoort', 'AMW');
    const points = await chartPoints();
    expect(new Set(points.map((p) => p.service))).toEqual(new Set(['AMW']));
    // Outcome change per domain: the trajectory level of AMW in 2025 has a visible share improved.
    const shares = await page.$$eval('#outcome rect[data-share="improved"]', (els) =>
      els.map((e) => Number((e as SVGElement).dataset.value)),
    );
    const [outcome] = await demo.parquet<{ share_improved: number }>(
      'ind_outcome_change',
      "municipality_code = 'GM0344' AND service_code = 'AMW' AND period_type = 'year' " +
        "AND period_start = DATE '2025-01-01' AND domain_code = '*'",
    );
    expect(shares[0]).toBeCloseTo(outcome!.share_improved, 4);
    await expect(page.locator('#outcome circle[data-mean]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#goal-chart rect[data-value]').count()).resolves.toBe(1);
    await expect(page.locator('#return-chart').count()).resolves.toBe(1);
    await expect(page.locator('#outcome .sub').textContent()).resolves.toContain('geen effect');
  });

  it('sets stories beside the numbers, as text', async () => {
    await choose('werksoort', '*');
    await choose('periode', 'quarter:2025-01-01');
    const titles = await page.locator('#stories article h3').allTextContents();
    expect(titles).toEqual(
      expect.arrayContaining(['Het taalcafé', 'Een eigen plek', FORMULA_TITLE, '@SUM(1+1)']),
    );
    // The story with markup is shown as text; its onerror never ran.
    await expect(page.locator('#stories img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.body.dataset.xss)).resolves.toBeUndefined();
  });

  it('leaves out the sections of tables a publish does not have yet', async () => {
    const cfg = demo.without('ind_outcome_change', 'ind_social_return');
    const older = await writeDashboard(cfg, { out: join(demo.dir, 'older.html') });
    const other = await browser.newPage();
    const errors: string[] = [];
    other.on('pageerror', (e) => errors.push(e.message));
    other.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await other.goto(`file://${older.file}`);
    await other.waitForSelector('body[data-ready="true"]');
    await expect(other.locator('section.card').evaluateAll((els) => els.map((e) => e.id))).resolves.toEqual([
      'reach',
      'trajectory',
      'activity',
    ]);
    expect(errors).toEqual([]);
    await other.close();
  });

  it('logs no errors, asks the network for nothing, and reads well (screenshot)', async () => {
    await choose('periode', 'year:2025-01-01');
    const shot = join(tmpdir(), 'impact-dashboard.png'); // overwritten each run: look at it
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    // Nothing sticks out sideways, not even a long unbroken story title.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(
      1280,
    );
    console.log(`dashboard screenshot: ${shot} (${Math.round(bytes / 1024)} KB page)`);
    expect(problems).toEqual([]);
  });
});

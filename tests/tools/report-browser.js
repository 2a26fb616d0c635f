// The report page in headless Chromium, driven by playwright-core, at
// 1400 px and 390 px wide, in the light and the dark scheme: no console
// error, nothing wider than the window, no two timeline labels (nor two
// year labels) overlapping and none outside the window, and an axe-core
// audit with no serious or critical violation. A screenshot of each is
// written to OUTDIR. One line per case on stdout; exit 1 if any failed.
//
// usage: node report-browser.js TOOLS_DIR CHROMIUM OUTDIR PAGE.html...
// (TOOLS_DIR holds node_modules/playwright-core and node_modules/axe-core)

'use strict';
const path = require('path');
const fs = require('fs');

const [tools, chromium, outdir, ...pages] = process.argv.slice(2);
const { chromium: launcher } = require(path.join(tools, 'node_modules',
    'playwright-core'));
const axeSource = fs.readFileSync(path.join(tools, 'node_modules',
    'axe-core', 'axe.min.js'), 'utf8');

// Pairs of boxes that overlap (touching edges do not count).
function overlaps(boxes) {
  const bad = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
          a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
        bad.push(a.text + ' / ' + b.text);
    }
  return bad;
}

async function one(browser, page, width, scheme) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 },
      colorScheme: scheme });
  const p = await ctx.newPage();
  const errors = [];
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto('file://' + path.resolve(page));
  const layout = await p.evaluate(() => {
    const box = (e) => { const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom,
               text: e.textContent }; };
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      labels: Array.from(document.querySelectorAll('.track .label'), box),
      years: Array.from(document.querySelectorAll('.axis .year'), box),
      lanes: document.querySelectorAll('.lane').length,
    };
  });
  await p.addScriptTag({ content: axeSource });
  const axe = await p.evaluate(async () => {
    const r = await window.axe.run(document);
    return r.violations.map((v) => ({ id: v.id, impact: v.impact,
                                       nodes: v.nodes.length }));
  });
  await p.screenshot({ path: path.join(outdir, path.basename(page,
      '.html') + `-${width}-${scheme}.png`), fullPage: true });
  await ctx.close();

  const problems = [];
  if (errors.length) problems.push('console: ' + errors.join('; '));
  if (layout.scrollWidth > layout.innerWidth)
    problems.push(`page ${layout.scrollWidth} px wide in a ` +
                  `${layout.innerWidth} px window`);
  const bad = overlaps(layout.labels).concat(overlaps(layout.years));
  if (bad.length) problems.push('overlapping labels: ' + bad.join(', '));
  const outside = layout.labels.concat(layout.years).filter((b) =>
      b.left < 0 || b.right > layout.innerWidth);
  if (outside.length)
    problems.push('labels outside the window: ' +
                  outside.map((b) => b.text).join(', '));
  const serious = axe.filter((v) => v.impact === 'serious' ||
                                    v.impact === 'critical');
  if (serious.length)
    problems.push('axe: ' + serious.map((v) =>
        `${v.id} (${v.impact}, ${v.nodes} nodes)`).join(', '));
  const minor = axe.filter((v) => !serious.includes(v));
  console.log(`${problems.length ? 'FAIL' : 'PASS'} ${path.basename(page)} ` +
      `${width}px ${scheme}: ` +
      `${layout.lanes} lanes, ${layout.labels.length} pin labels, ` +
      `${layout.years.length} years, axe ${serious.length} serious or ` +
      `critical, ${minor.length} minor` +
      (minor.length ? ' (' + minor.map((v) => v.id).join(', ') + ')' : '') +
      (problems.length ? '; ' + problems.join('; ') : ''));
  return problems.length === 0;
}

(async () => {
  const browser = await launcher.launch({ executablePath: chromium, args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'] });
  let good = true;
  try {
    for (const page of pages)
      for (const width of [1400, 390])
        for (const scheme of ['light', 'dark'])
          good = (await one(browser, page, width, scheme)) && good;
  } finally {
    await browser.close();
  }
  process.exit(good ? 0 : 1);
})().catch((e) => { console.log('FAIL ' + e); process.exit(1); });

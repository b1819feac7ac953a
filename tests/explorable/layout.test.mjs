// The explorable's layout at a phone's width (390 by 844 CSS pixels) and a laptop's
// (1200 by 900): structural checks, no timing. Nothing sticks out of the page or
// needs a sideways scroll of the page; in each plot every piece of text lies inside
// the drawing and touches no other, and no two panels overlap; the blocks of a
// section follow one another without overlapping; a wide equation scrolls in its
// own box; the pinned controls stay small. Screenshots go to build/explorable.
//
//   npm run test:explorable      (builds the page first)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drawEveryPlot, missing, openPage } from "../../explorable/chromium.mjs";

const shots = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "build", "explorable");

/** Half a CSS pixel: boxes are fractional, and text that touches an edge by less is not cut. */
const SLACK = 0.5;

/** Boxes of the page (after every part is laid out), as plain objects. */
function layoutOf(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height };
    };
    const named = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""}`;
    const visible = (el) => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0;
    const blocks = [...document.querySelectorAll("main *, header *, #controls")].filter(
      (el) => visible(el) && !el.closest("svg") && !el.closest(".katex-display .katex"),
    );
    const plots = [...document.querySelectorAll(".plot > svg")].map((svg) => ({
      id: svg.parentElement.id,
      svg: box(svg),
      panels: [...svg.querySelectorAll("rect.panel")].map(box),
      texts: [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() !== "").map((t) => ({ text: t.textContent, ...box(t) })),
    }));
    const sections = [...document.querySelectorAll("main > section")].map((section) => ({
      id: section.id,
      children: [...section.children].filter(visible).map((el) => ({ name: named(el), ...box(el) })),
    }));
    const equations = [...document.querySelectorAll(".katex-display")].map((el) => ({
      ...box(el),
      overflowX: getComputedStyle(el).overflowX,
      scrolls: el.scrollWidth > el.clientWidth,
    }));
    return {
      width: innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      controls: box(document.querySelector("#controls")),
      blocks: blocks.map((el) => ({ name: named(el), ...box(el) })),
      plots,
      sections,
      equations,
    };
  });
}

const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > SLACK && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > SLACK;

for (const viewport of [{ width: 390, height: 844 }, { width: 1200, height: 900 }]) {
  describe(`at ${viewport.width} by ${viewport.height} CSS pixels`, () => {
    let browser;
    let page;
    let layout;
    const problems = [];

    before(async () => {
      assert.equal(missing(), null);
      mkdirSync(shots, { recursive: true });
      ({ browser, page } = await openPage("#W=15&K=15&L=5", problems, { viewport }));
      const done = (selector, pattern) =>
        page.waitForFunction(([s, p]) => new RegExp(p).test(document.querySelector(s).textContent), [selector, pattern], { timeout: 90_000 });
      await done("#training-status", "^trained in");
      await done("#dedup-check", "gives");
      await done("#distill-caption", "students' exact");
      await drawEveryPlot(page);
      // Section 7 is laid out with a walk replayed, its sentences and tokens shown.
      assert.ok(await page.$eval("#replay", (section) => section.dataset.shown !== undefined && !section.classList.contains("no-result")));
      await page.addStyleTag({ content: ".deferred { content-visibility: visible !important; }" });
      layout = await layoutOf(page);
      await page.screenshot({ path: join(shots, `page-${viewport.width}.png`), fullPage: true });
    });

    after(async () => {
      await browser?.close();
    });

    test("nothing is wider than the screen, and the page never scrolls sideways", () => {
      assert.equal(layout.pageWidth, layout.width);
      for (const block of layout.blocks) {
        assert.ok(block.left >= -SLACK && block.right <= layout.width + SLACK, `${block.name} spans ${block.left} to ${block.right} of ${layout.width}`);
      }
    });

    test("a wide equation scrolls in its own box", () => {
      for (const equation of layout.equations) {
        assert.ok(equation.right <= layout.width + SLACK);
        assert.equal(equation.overflowX, "auto");
      }
    });

    test("every plot's text lies inside the drawing and touches no other text; no two panels overlap", () => {
      assert.ok(layout.plots.length >= 5, `${layout.plots.length} plots drawn`);
      for (const plot of layout.plots) {
        assert.ok(plot.svg.right <= layout.width + SLACK, `${plot.id} ends at ${plot.svg.right}`);
        for (const text of plot.texts) {
          const inside = text.left >= plot.svg.left - SLACK && text.right <= plot.svg.right + SLACK && text.top >= plot.svg.top - SLACK && text.bottom <= plot.svg.bottom + SLACK;
          assert.ok(inside, `${plot.id}: "${text.text}" is cut at the drawing's edge`);
        }
        plot.texts.forEach((a, i) =>
          plot.texts.slice(i + 1).forEach((b) => assert.ok(!overlap(a, b), `${plot.id}: "${a.text}" and "${b.text}" collide`)),
        );
        plot.panels.forEach((a, i) => plot.panels.slice(i + 1).forEach((b) => assert.ok(!overlap(a, b), `${plot.id}: two panels overlap`)));
      }
    });

    test("the blocks of each section follow one another without overlapping", () => {
      for (const section of layout.sections) {
        section.children.forEach((a, i) =>
          section.children.slice(i + 1).forEach((b) => assert.ok(!overlap(a, b), `${section.id}: ${a.name} and ${b.name} overlap`)),
        );
      }
    });

    test("the pinned controls take at most an eighth of the screen's height", () => {
      assert.ok(layout.controls.height <= viewport.height / 8, `the controls are ${layout.controls.height} px high`);
    });

    test("the page made no request and logged no error", () => {
      assert.deepEqual(problems, []);
    });
  });
}

/**
 * The page's words are all in page.html. A sentence that changes with the results
 * is an element holding only its forms, one <template data-when="..."> each, in
 * the order they are read (a part shared by several forms lists them all). The
 * page chooses a form, which puts a copy of its parts in the sentence (so the
 * sentence's text is the chosen form's, and nothing else), and binds their
 * numbers and texts: it never writes words itself. Numbers are elements with
 * `data-quantity` (format.ts); a text from elsewhere (the library's error message,
 * a node's label) is an element with `data-text`, filled as plain text.
 */
import { bindHittingTime, bindNumber } from "./format";
import type { HittingTime } from "./quantities";

/** What a sentence's form binds: numbers, hitting times, and texts by name. */
export type Bindings = Record<string, number | HittingTime | string>;

/** Shows the form `form` of the sentence `#id` (nothing when null) with its numbers and texts. */
export function say(id: string, form: string | null, bindings: Bindings = {}): void {
  const sentence = document.getElementById(id)!;
  const forms = [...sentence.children].filter((child): child is HTMLTemplateElement => child instanceof HTMLTemplateElement);
  const chosen = forms.filter((part) => form !== null && part.dataset.when!.split(" ").includes(form));
  const shown = document.createElement("span");
  for (const part of chosen) shown.append(part.content.cloneNode(true));
  for (const [name, value] of Object.entries(bindings)) {
    if (typeof value === "number") bindNumber(name, value, shown);
    else if (typeof value === "string") for (const el of shown.querySelectorAll(`[data-text="${name}"]`)) el.textContent = value;
    else bindHittingTime(name, value, shown);
  }
  sentence.replaceChildren(...forms, ...shown.childNodes);
}

// What the dashboard's charts share: they are SVG the page draws itself, with no chart library.
const svgNs = 'http://www.w3.org/2000/svg';

/** Creates an SVG element: svg('rect', { x: 1, class: 'bar' }, 'text'). */
export function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

// 1, 2, 5, 10, 20, 50…: a scale top a person reads at a glance.
export function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value);
}

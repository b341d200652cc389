import { creditsApi } from './api.js';
import { h } from './dom.js';
import { formatCount } from './format.js';

const settleFor = 300;

/**
 * A line of the new-job form saying the most the job as filled in would cost and what is available, asked again once
 * the form has stopped changing for a moment. requestOf() is the submit's body (it throws while the form cannot give one).
 * Answers { line, refresh() }.
 */
export function costQuote(form, requestOf) {
  const line = h('p', { id: 'submit-cost', className: 'muted', role: 'status' });
  let timer = null;
  let asked = 0;
  const refresh = async () => {
    clearTimeout(timer);
    const mine = ++asked;
    let request;
    try {
      request = requestOf();
    } catch {
      show(line, null);
      return;
    }
    try {
      const quote = await creditsApi.quote(request);
      if (mine === asked) show(line, quote);
    } catch {
      // An input the server would refuse has no cost to tell; the submit says what is wrong with it.
      if (mine === asked) show(line, null);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, settleFor);
  };
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  return { line, refresh };
}

function show(line, quote) {
  line.classList.toggle('short', Boolean(quote && quote.mostCost > quote.available));
  line.dataset.mostCost = quote ? String(quote.mostCost) : '';
  if (!quote) line.textContent = '';
  else if (!quote.price) line.textContent = 'Free: this type has no price.';
  else if (quote.mostCost > quote.available) line.textContent = `At most ${formatCount(quote.mostCost)} credits: more than the ${formatCount(quote.available)} available.`;
  else line.textContent = `At most ${formatCount(quote.mostCost)} credits (${formatCount(quote.available)} available).`;
}

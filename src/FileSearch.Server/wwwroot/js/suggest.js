// Search-as-you-type suggestions on the search box: the ARIA 1.2 combobox pattern (input role=combobox, a listbox
// popup, aria-activedescendant), debounced, the previous request cancelled by the next keystroke.
import { getJson } from './api.js';
import { el } from './common.js';
import { t } from './i18n.js';

const DEBOUNCE_MS = 150;

/** The word being typed: the text after the last space, unless it is an operator, a phrase or a NOT term. */
function lastWord(value) {
  const match = /(^|\s)([^\s"()*-][^\s"()*]*)$/u.exec(value);
  if (!match) return null;
  const word = match[2];
  return ['AND', 'OR', 'NOT'].includes(word) ? null : word;
}

export function attachSuggestions(input, listbox, onChoose) {
  let timer = 0;
  let controller = null;
  let items = [];
  let active = -1;

  function close() {
    listbox.hidden = true;
    listbox.replaceChildren();
    items = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    active = index;
    listbox.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', i === index ? 'true' : 'false');
      if (i === index) option.scrollIntoView({ block: 'nearest' });
    });
    if (index >= 0) input.setAttribute('aria-activedescendant', `suggestion-${index}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function choose(index) {
    const suggestion = items[index];
    if (!suggestion) return;
    const value = input.value;
    const word = lastWord(value);
    input.value = word ? value.slice(0, value.length - word.length) + suggestion.text : suggestion.text;
    close();
    onChoose(input.value);
  }

  function render(suggestions) {
    items = suggestions;
    listbox.replaceChildren();
    if (suggestions.length === 0 || document.activeElement !== input) {
      close();
      return;
    }
    suggestions.forEach((suggestion, index) => {
      const option = el('li', 'suggestion');
      option.id = `suggestion-${index}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.append(el('span', 'suggestion-text', suggestion.text));
      const source = suggestion.source === 'name' ? t('suggest.name') : t('suggest.term');
      option.append(el('span', 'suggestion-meta', t('suggest.meta', { source, count: suggestion.documents })));
      option.addEventListener('mousedown', (event) => event.preventDefault());
      option.addEventListener('click', () => choose(index));
      listbox.append(option);
    });
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  async function fetchSuggestions(prefix) {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await getJson('/api/v1/suggest', { prefix, limit: 8 }, controller.signal);
      if (lastWord(input.value) === prefix) render(response?.suggestions || []);
    } catch {
      close(); // suggestions are a convenience: a failure only hides them
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const word = lastWord(input.value);
    if (!word) {
      controller?.abort();
      close();
      return;
    }
    timer = setTimeout(() => fetchSuggestions(word), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden && items.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      close();
    }
  });

  input.addEventListener('blur', () => setTimeout(close, 100));

  return { close };
}

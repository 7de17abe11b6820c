// The pages' one script, served as /assets/site.js so the Content-Security-Policy needs no inline code.
// Progressive enhancement only: without it every page works; with it the index gets a filter box and
// each feed address a Copy button.
export const SCRIPT = `'use strict';
(() => {
  const fold = (s) => s.normalize('NFKC').toLowerCase();

  const filter = document.getElementById('filter');
  if (filter) {
    const status = document.getElementById('filter-status');
    const none = document.getElementById('filter-none');
    const rows = [...document.querySelectorAll('[data-filter]')];
    const keys = rows.map((row) => fold(row.dataset.filter));
    const apply = () => {
      const query = fold(filter.value.trim());
      let shown = 0;
      rows.forEach((row, i) => {
        row.hidden = !keys[i].includes(query);
        if (!row.hidden) shown++;
      });
      for (const section of document.querySelectorAll('[data-filter-section]')) {
        section.hidden = section.querySelector('[data-filter]:not([hidden])') === null;
      }
      none.hidden = shown > 0;
      status.textContent = status.dataset.template.replace('{shown}', shown).replace('{total}', rows.length);
    };
    filter.addEventListener('input', apply);
    filter.closest('[hidden]')?.removeAttribute('hidden');
    apply(); // a value the browser restored on going back is applied too
  }

  for (const address of document.querySelectorAll('.feed-url')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = address.dataset.copy;
    button.addEventListener('click', async () => {
      // Selected too, so that the address copied is the one highlighted (and execCommand has a selection).
      getSelection().selectAllChildren(address);
      try {
        await navigator.clipboard.writeText(address.textContent);
      } catch {
        document.execCommand('copy'); // no Clipboard API outside secure contexts (plain http)
      }
      button.textContent = address.dataset.copied;
    });
    address.after(button);
  }
})();
`;

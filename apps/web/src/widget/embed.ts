// The embeddable chat widget: one tag on any page, <script src="https://desk.example/widget.js" defer>,
// adds a button that opens the portal's chat (/embed, served by the same desk) in a panel. Everything the
// panel loads comes from the desk that served this script.
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const origin = script ? new URL(script.src).origin : window.location.origin;
  const label = script?.dataset.label ?? 'Chat with us';
  if (document.getElementById('frontdesk-widget')) return;

  const host = document.createElement('div');
  host.id = 'frontdesk-widget';
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `
    <style>
      .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px;
        padding: 12px 18px; background: #1f5f4a; color: #fff; font: 600 15px system-ui, sans-serif; cursor: pointer;
        box-shadow: 0 6px 20px rgba(0,0,0,.2); }
      .launcher:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
      .panel { position: fixed; right: 20px; bottom: 76px; z-index: 2147483000; width: min(400px, calc(100vw - 24px));
        height: min(620px, calc(100vh - 100px)); border: 1px solid #ccd; border-radius: 12px; background: #fff;
        box-shadow: 0 12px 40px rgba(0,0,0,.25); overflow: hidden; display: none; }
      .panel[data-open="true"] { display: block; }
      iframe { width: 100%; height: 100%; border: 0; }
      @media (max-width: 480px) { .panel { right: 12px; left: 12px; width: auto; bottom: 72px; } }
    </style>
    <div class="panel" role="dialog" aria-label="Support chat" data-open="false"></div>
    <button class="launcher" type="button" aria-expanded="false"></button>`;
  const panel = shadow.querySelector<HTMLDivElement>('.panel')!;
  const button = shadow.querySelector<HTMLButtonElement>('.launcher')!;
  button.textContent = label;

  const toggle = (open: boolean) => {
    if (open && !panel.firstChild) {
      const frame = document.createElement('iframe');
      frame.src = `${origin}/embed`;
      frame.title = 'Support chat';
      panel.appendChild(frame);
    }
    panel.dataset.open = String(open);
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Close chat' : label;
  };
  button.addEventListener('click', () => toggle(panel.dataset.open !== 'true'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && panel.dataset.open === 'true') {
      toggle(false);
      button.focus();
    }
  });
  document.body.appendChild(host);
})();

export {};

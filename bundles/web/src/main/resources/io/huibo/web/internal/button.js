/*
 * Huibo's call button. An ERP page includes this script from its Huibo server and marks where
 * each button goes with a token its own backend minted (POST /api/v1/button-tokens):
 *
 *   <span data-huibo-token="…"></span>
 *   <script src="https://huibo.example/huibo/button.js" defer></script>
 *
 * A click spends the token on one callback and shows the call's progress as the server reports
 * it. The page never holds an API secret or a real number: only the sealed token.
 * Buttons added later: HuiboButton.mount(element).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var base = (script ? new URL(script.src, document.baseURI).origin : window.location.origin) + '/huibo/button';

  var STEPS = {
    'queued': 'Placing the call',
    'calling-from': 'Ringing you',
    'calling-to': 'Ringing the customer',
    'bridged': 'Connected',
    'ended': 'Ended'
  };
  var OUTCOMES = {
    'completed': 'call completed',
    'from-busy': 'your line was busy',
    'from-no-answer': 'you did not answer',
    'from-rejected': 'you declined the call',
    'to-busy': 'the customer was busy',
    'to-no-answer': 'the customer did not answer',
    'to-rejected': 'the customer declined the call',
    'cancelled': 'cancelled',
    'max-duration': 'the time limit was reached',
    'failed': 'the call failed',
    'blocked': 'not allowed now'
  };
  var ERRORS = {
    'TOKEN_EXPIRED': 'This button has expired. Reload the page to call.',
    'TOKEN_USED': 'This button has already placed its call. Reload the page to call again.',
    'INVALID_TOKEN': 'This button is not valid. Reload the page.',
    'POLICY_BLOCKED': 'This call is not allowed now.',
    'OVERLOADED': 'Calls are busy right now. Try again in a moment.'
  };

  function style() {
    if (document.getElementById('huibo-button-style')) {
      return;
    }
    var css = document.createElement('style');
    css.id = 'huibo-button-style';
    css.textContent =
      '.huibo-button{display:inline-flex;flex-direction:column;gap:.25em;font:inherit}' +
      '.huibo-button button{font:inherit;padding:.2em .9em;border-radius:1em;border:1px solid #2e7d32;' +
      'background:#43a047;color:#fff;cursor:pointer}' +
      '.huibo-button button:disabled{background:#9e9e9e;border-color:#757575;cursor:default}' +
      '.huibo-steps{margin:0;padding:0;list-style:none;font-size:.85em;color:#555}' +
      '.huibo-steps li:last-child{color:#000;font-weight:bold}' +
      '.huibo-error{color:#b71c1c;font-size:.85em}';
    document.head.appendChild(css);
  }

  /** Turns one element carrying data-huibo-token into a call button. */
  function mount(element) {
    if (element.querySelector('.huibo-button')) {
      return;
    }
    style();
    var box = document.createElement('span');
    box.className = 'huibo-button';
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = element.getAttribute('data-huibo-label') || 'Call';
    var steps = document.createElement('ol');
    steps.className = 'huibo-steps';
    steps.setAttribute('aria-live', 'polite');
    var error = document.createElement('span');
    error.className = 'huibo-error';
    error.setAttribute('role', 'alert');
    box.appendChild(button);
    box.appendChild(steps);
    box.appendChild(error);
    element.appendChild(box);
    button.addEventListener('click', function () {
      place(element, button, steps, error);
    });
  }

  function place(element, button, steps, error) {
    button.disabled = true;
    error.textContent = '';
    steps.textContent = '';
    element.removeAttribute('data-huibo-state');
    fetch(base + '/calls', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: element.getAttribute('data-huibo-token') })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw body.error || { code: 'HTTP_' + response.status };
        }
        show(element, steps, body.state);
        follow(element, button, steps, body.events);
      });
    }).catch(function (problem) {
      fail(element, button, error, problem && problem.code ? problem : { code: 'NETWORK' });
    });
  }

  /** Follows the call's progress as the server pushes it, until it ends. */
  function follow(element, button, steps, eventsPath) {
    var source = new EventSource(new URL(eventsPath, base).href);
    source.addEventListener('progress', function (event) {
      var progress = JSON.parse(event.data);
      show(element, steps, progress.state, progress.outcome);
      if (progress.state === 'ended') {
        source.close();
        button.textContent = 'Called';
      }
    });
  }

  /** Adds a step to the trail, once per state; the last is the call's state now. */
  function show(element, steps, state, outcome) {
    if (element.getAttribute('data-huibo-state') === state) {
      return;
    }
    element.setAttribute('data-huibo-state', state);
    var step = document.createElement('li');
    step.setAttribute('data-state', state);
    step.textContent = (STEPS[state] || state) + (outcome ? ': ' + (OUTCOMES[outcome] || outcome) : '');
    steps.appendChild(step);
  }

  function fail(element, button, error, problem) {
    element.setAttribute('data-huibo-error', problem.code);
    error.textContent = ERRORS[problem.code] || problem.message || 'The call could not be placed.';
    // a spent or expired token will not work again; anything else may
    button.disabled = problem.code === 'TOKEN_USED' || problem.code === 'TOKEN_EXPIRED' || problem.code === 'INVALID_TOKEN';
  }

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-huibo-token]'), mount);
  }

  window.HuiboButton = { mount: mount };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
}());

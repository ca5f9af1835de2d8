// Filing without login (src/anonymous/proof-of-work.ts): solves the server's signed challenge
// in the browser instead of a CAPTCHA. Finds a nonce such that SHA-256("<challenge>:<nonce>")
// starts with the asked number of zero bits, puts it in the form and hides the text question
// (the page works without this script: the question is then answered by hand). Web Crypto only.
(function () {
  'use strict';
  var form = document.getElementById('anonymous-send');
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var token = form.getAttribute('data-challenge');
  var bits = Number(form.getAttribute('data-bits'));
  var nonceInput = document.getElementById('anonymous-nonce');
  var status = document.getElementById('anonymous-pow-status');
  var question = document.getElementById('anonymous-question');
  var texts = document.getElementById('anonymous-pow-texts');
  var encoder = new TextEncoder();
  var done = false;
  var submitWhenDone = false;

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count++; b <<= 1; }
      return count;
    }
    return count;
  }

  function say(text) {
    status.textContent = text;
    status.hidden = false;
  }

  async function solve() {
    // a batch of digests at a time keeps the page responsive and the work quick
    for (var start = 0; ; start += 64) {
      var batch = [];
      for (var n = start; n < start + 64; n++) batch.push(crypto.subtle.digest('SHA-256', encoder.encode(token + ':' + n)));
      var digests = await Promise.all(batch);
      for (var i = 0; i < digests.length; i++) {
        if (zeroBits(new Uint8Array(digests[i])) >= bits) return String(start + i);
      }
    }
  }

  say(texts.getAttribute('data-working'));
  // without an error on the question, the script answers for the person: hide it
  if (!document.getElementById('anonymous-answer-error')) question.hidden = true;
  solve().then(function (nonce) {
    nonceInput.value = nonce;
    done = true;
    say(texts.getAttribute('data-done'));
    if (submitWhenDone) form.submit();
  }, function () {
    question.hidden = false;
  });

  form.addEventListener('submit', function (event) {
    if (done || !question.hidden) return;
    // pressed before the work is done: send as soon as it is
    event.preventDefault();
    submitWhenDone = true;
  });
})();

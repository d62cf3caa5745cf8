// Drives Cayley 0.6's npm client (cayley.js 0.2.1) against a server, as
// an application written for Cayley 0.6 would, and prints what each call
// got as one JSON object. Run by TestOldCayleyClient: node client.js URL
'use strict';
const cayley = require('cayley');

const client = cayley(process.argv[2]);
const g = client.graph;
const out = {};

// step runs one call of the client and records its result or error.
function step(name, call) {
  return new Promise((resolve) => {
    call((err, result) => {
      out[name] = err ? { clientError: String(err.message || err) } : result;
      resolve();
    });
  });
}

(async () => {
  await step('all', (cb) => g.V('<ent:Russia>').Out('<kg:allies-with>').Out('<rdfs:label>').All(cb));
  await step('getLimit', (cb) => g.V('<ent:Russia>').Out('<kg:allies-with>').GetLimit(1, cb));
  await step('morphism', (cb) => {
    const allies = g.Morphism().Out('<kg:allies-with>');
    g.V('<ent:Russia>').Follow(allies).Out('<rdfs:label>').All(cb);
  });
  await step('promise', (cb) => g.V('<ent:Iran>').Out('<rdfs:label>').All().then((r) => cb(null, r), cb));
  const quad = { subject: '<test:cayleyjs>', predicate: '<test:says>', object: 'hello from cayley.js' };
  await step('write', (cb) => client.write([quad], cb));
  await step('readBack', (cb) => g.V('<test:cayleyjs>').Out('<test:says>').All(cb));
  await step('delete', (cb) => client.delete([quad], cb));
  await step('afterDelete', (cb) => g.V('<test:cayleyjs>').Out('<test:says>').All(cb));
  await step('shape', (cb) => g.type('shape').V('<ent:Russia>').All(cb));
  process.stdout.write(JSON.stringify(out) + '\n');
})();

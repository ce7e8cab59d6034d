// Checks Adaptive Cards with Microsoft's own renderer library (npm adaptivecards), no browser needed.
// Usage: node validate-adaptive-cards.js <cards.json>   where cards.json is [{"name": "...", "card": {...}}, ...]
// For each card: parse (serialization events) + validateProperties (validation events), and every Action.Execute
// must have a verb (the library does not check that). Prints one JSON line per card and a summary line;
// exits 0 when no card has an event, 1 when some do, 2 on a usage or read error.
'use strict';
const fs = require('fs');
const AC = require('adaptivecards/dist/adaptivecards.js');

function describe(e) {
  return { phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message };
}

function executeWithoutVerb(node, path, out) {
  if (Array.isArray(node)) { node.forEach((n, i) => executeWithoutVerb(n, `${path}[${i}]`, out)); return; }
  if (node && typeof node === 'object') {
    if (node.type === 'Action.Execute' && !(typeof node.verb === 'string' && node.verb.length > 0))
      out.push({ phase: 'PartnerBot', event: 'ActionExecuteWithoutVerb', message: `${path} is an Action.Execute without a verb` });
    for (const [k, v] of Object.entries(node)) executeWithoutVerb(v, `${path}.${k}`, out);
  }
}

function check(json) {
  const events = [];
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  card.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) events.push(describe(ctx.getEventAt(i)));
  for (const e of card.validateProperties().validationEvents) events.push(describe(e));
  executeWithoutVerb(json, '$', events);
  return events;
}

const file = process.argv[2];
if (!file) { console.error('usage: node validate-adaptive-cards.js <cards.json>'); process.exit(2); }
let cards;
try { cards = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { console.error(String(e)); process.exit(2); }
let bad = 0;
for (const { name, card } of cards) {
  const events = check(card);
  if (events.length > 0) bad++;
  console.log(JSON.stringify({ name, events }));
}
console.log(JSON.stringify({ cards: cards.length, withEvents: bad }));
process.exit(bad === 0 ? 0 : 1);

// Runs the Microsoft 365 Agents Playground for an end-to-end test, bridged to the test over Unix sockets, so the
// playground can live in a network namespace of its own (only loopback; `unshare -n`) while the test and the bot
// stay outside. Unix sockets are files, not network: they cross the namespace boundary.
//
//   node playground-bridge.js <dir> <botPort> <playgroundPort> <configPath>
//
// Inside its namespace it listens on 127.0.0.1:<botPort> and forwards each connection to <dir>/bot.sock (the bot,
// served by the test), listens on <dir>/playground.sock and forwards to 127.0.0.1:<playgroundPort> (the playground's
// UI, API and fake Bot Connector), and starts the playground with the environment and flags it documents.
// Prints "bridge ready" once the playground answers /_debug/ping. Stops the playground when told to stop.
'use strict';
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const [dir, botPort, pgPort, config] = process.argv.slice(2);
if (!dir || !botPort || !pgPort || !config) { console.error('usage: node playground-bridge.js <dir> <botPort> <playgroundPort> <configPath>'); process.exit(2); }

function pipe(client, connectArgs) {
  const upstream = net.connect(...connectArgs);
  client.pipe(upstream).pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on('error', close);
  upstream.on('error', close);
}

net.createServer(c => pipe(c, [path.join(dir, 'bot.sock')])).listen(Number(botPort), '127.0.0.1');
net.createServer(c => pipe(c, [Number(pgPort), '127.0.0.1'])).listen(path.join(dir, 'playground.sock'));

const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
const playground = spawn(process.execPath, [cli, 'start',
  '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', String(pgPort),
  '--service-url', `http://127.0.0.1:${pgPort}/_connector`, '--disable-telemetry'], {
  env: {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'playground.log'),
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
playground.on('exit', code => { console.log(`playground exited ${code}`); process.exit(code === null ? 1 : code); });
const stop = () => { playground.kill('SIGTERM'); setTimeout(() => process.exit(0), 2000).unref(); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop); // the test closes our stdin when it is done (or dies)
process.stdin.resume();

(function ping(tries) {
  http.get({ host: '127.0.0.1', port: Number(pgPort), path: '/_debug/ping' }, res => {
    res.resume();
    if (res.statusCode === 200) console.log('bridge ready');
    else setTimeout(() => ping(tries - 1), 250);
  }).on('error', () => tries > 0 ? setTimeout(() => ping(tries - 1), 250) : (console.error('playground did not start'), stop()));
})(240);

// Bolt-js doing the least a Slack app can do with a slash command: verify the signature (Bolt's HTTPReceiver does),
// acknowledge. Listens on 127.0.0.1:$PORT only. Started and stopped by the turn-load benchmark.
const { App, LogLevel } = require('@slack/bolt');

const port = Number(process.env.PORT);
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: 'xoxb-bench',
  // The bot's ids given, so Bolt never calls auth.test (there is no Slack here).
  tokenVerificationEnabled: false,
  botId: 'B0BENCH',
  botUserId: 'U0BENCHBOT',
  logLevel: LogLevel.ERROR,
});

app.command('/partner', async ({ ack }) => {
  await ack();
});

app.start({ port, host: '127.0.0.1' }).then(() => console.log(`bolt listening on 127.0.0.1:${port}`));

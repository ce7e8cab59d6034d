// botbuilder-js's echo bot: every message is answered with its own text through the Bot Connector named by the
// activity's serviceUrl (the benchmark's fake connector). No app id: the adapter neither checks inbound tokens nor
// sends outbound ones (botbuilder's local mode). Listens on 127.0.0.1:$PORT only.
const http = require('http');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler } = require('botbuilder');

const port = Number(process.env.PORT);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`turn error: ${error.message}`);
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(context.activity.text);
      await next();
    });
  }
}
const bot = new EchoBot();

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.statusCode = 404;
    res.end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', async () => {
    try {
      req.body = JSON.parse(body);
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    // CloudAdapter.process takes a Node request/response pair with the body already parsed.
    const response = {
      socket: res.socket,
      header: (name, value) => res.setHeader(name, value),
      send: (b) => { if (b !== undefined) res.write(typeof b === 'string' ? b : JSON.stringify(b)); },
      status: (code) => { res.statusCode = code; },
      end: () => res.end(),
    };
    await adapter.process(req, response, (context) => bot.run(context));
  });
});
server.listen(port, '127.0.0.1', () => console.log(`botbuilder listening on 127.0.0.1:${port}`));

// consumer.cts - the same package from CommonJS TypeScript (require and its .d.cts types).
import destination = require('matomo-destination');
import classic = require('matomo-destination/classic');

const plugin: destination.MatomoPlugin = destination.matomo({ siteId: 1, url: 'https://matomo.example.com' });
destination.createTranslator({ siteId: 1, url: 'https://matomo.example.com' }).then((translator) => {
  const commands: destination.MatomoCommand[] = translator.setup();
  console.log(plugin.name, commands.length, classic.Piwik);
});
// @ts-expect-error: requireConsent is "none", "tracking" or "cookies"
destination.matomo({ siteId: 1, url: 'https://matomo.example.com', requireConsent: 'yes' });

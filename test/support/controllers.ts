// A second controller, made up, that shares nothing with the demo company: the tests render as it to
// show that every text takes its controller from configuration.
import type { ControllerInfo } from '../../shared/config.js';

/** Nordlicht Analytik AG, a company that exists only in the tests. */
export const OTHER_CONTROLLER: ControllerInfo = {
  name: 'Nordlicht Analytik AG',
  postalAddress: 'Hafenweg 7, 20457 Hamburg, Germany',
  privacyContact: 'datenschutz@nordlicht.test',
  dpoContact: 'dpo@nordlicht.test',
  privacyNoticeUrl: 'https://www.nordlicht.test/datenschutz',
  timeZone: 'Europe/Berlin',
  authorities: {
    gdpr: [
      {
        name: {
          de: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit',
          en: 'Hamburg Commissioner for Data Protection and Freedom of Information',
        },
        address: 'Ludwig-Erhard-Str. 22, 20459 Hamburg',
        url: 'https://datenschutz-hamburg.de',
      },
    ],
    ccpa: [{ name: { de: 'Californische Beschwerdestelle (Test)', en: 'Californian complaints desk (test)' }, url: 'https://complaints.nordlicht.test' }],
  },
};

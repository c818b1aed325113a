// Wiring: the register of third parties that received personal data for direct marketing.
import { tableName } from '../../shared/config.js';
import { DisclosureRegister } from '../../shared/notifications/disclosure-register.js';
import { once } from '../../shared/once.js';

export const disclosureRegister = /* @__PURE__ */ once(() => new DisclosureRegister(tableName('disclosures')));

// What an objection reaches: a pure function of its scope and the data inventory, used at filing and in the plan.
import type { DataSystem, ObjectionRule } from './model.js';

/** The purpose an objection to which is absolute (GDPR Art. 21(3)): it reaches every system serving it. */
export const DIRECT_MARKETING = 'marketing';

/** Purposes an objection stops when it names neither purposes nor systems: direct marketing, the objection the notice offers everyone. */
export const DEFAULT_OBJECTED_PURPOSES: readonly string[] = [DIRECT_MARKETING];

/** A system registered before systems declared what an objection does there stops processing, as objections always did. */
const LEGACY_RULE: ObjectionRule = { effect: 'stop' };

export interface ObjectionScope {
  systems?: readonly string[];
  purposes?: readonly string[];
}

/** One system an objection reaches, and what it does there. */
export interface ObjectionTarget {
  systemId: string;
  rule: ObjectionRule;
}

export interface ObjectionReach {
  /** The purposes objected to: those named, else those of the systems named, else direct marketing. */
  purposes: string[];
  /** Whether the objection is to direct marketing: the subject goes on the suppression list too. */
  marketing: boolean;
  /** The systems reached, by id. */
  targets: ObjectionTarget[];
}

/** Why a scope cannot be carried out, per field, and what the inventory knows instead. */
export interface ObjectionScopeProblem {
  problems: { path: string; message: string }[];
  knownSystems: string[];
  knownPurposes: string[];
}

/** What an objection does in `system`, as it declares it. */
export function objectionRule(system: Pick<DataSystem, 'objection'>): ObjectionRule {
  return system.objection ?? LEGACY_RULE;
}

/**
 * Resolves an objection's scope against the inventory. The rules, total:
 * - a named system or purpose the inventory does not know is refused (direct marketing is always
 *   known: objecting to it puts the subject on the suppression list even where no system serves it);
 * - systems only: those systems, for every purpose they serve;
 * - purposes only: every system serving one of them;
 * - both: the named systems, each of which must serve a named purpose;
 * - neither: an objection to direct marketing;
 * - an objection to direct marketing (named, or a purpose of a named system) reaches every system
 *   serving it, whatever systems were named (Art. 21(3));
 * - a scope that reaches no system, or only systems where an objection does not apply, is refused:
 *   carried out, it would change nothing (a direct-marketing objection always changes something).
 */
export function resolveObjection(scope: ObjectionScope | undefined, systems: readonly DataSystem[]): ObjectionReach | ObjectionScopeProblem {
  const byId = new Map(systems.map((s) => [s.systemId, s]));
  const knownSystems = [...byId.keys()].sort();
  const knownPurposes = [...new Set([DIRECT_MARKETING, ...systems.flatMap((s) => s.purposes)])].sort();
  const problems: ObjectionScopeProblem['problems'] = [];
  const namedSystems = scope?.systems ?? [];
  const namedPurposes = scope?.purposes ?? [];

  // What the caller sent is named by its path, never echoed: the known names are in the answer instead.
  namedSystems.forEach((id, i) => {
    if (!byId.has(id)) problems.push({ path: `scope.systems[${i}]`, message: 'is not a system in the data inventory' });
  });
  namedPurposes.forEach((purpose, i) => {
    if (!knownPurposes.includes(purpose)) problems.push({ path: `scope.purposes[${i}]`, message: 'is a purpose no system serves' });
  });
  if (problems.length > 0) return { problems, knownSystems, knownPurposes };

  const named = namedSystems.map((id) => byId.get(id)!);
  const purposes = objectedPurposes(namedPurposes, named);

  let reached: DataSystem[];
  if (named.length > 0 && namedPurposes.length > 0) {
    named.forEach((system, i) => {
      if (!system.purposes.some((p) => purposes.includes(p))) {
        const serves = system.purposes.length > 0 ? system.purposes.join(', ') : 'no purpose';
        problems.push({ path: `scope.systems[${i}]`, message: `"${system.systemId}" serves none of the purposes named (it serves ${serves})` });
      }
    });
    if (problems.length > 0) return { problems, knownSystems, knownPurposes };
    reached = named;
  } else if (named.length > 0) {
    reached = named;
  } else {
    reached = systems.filter((s) => s.purposes.some((p) => purposes.includes(p)));
  }

  const marketing = purposes.includes(DIRECT_MARKETING);
  if (marketing) reached = [...reached, ...systems.filter((s) => s.purposes.includes(DIRECT_MARKETING))];

  const targets = [...new Map(reached.map((s) => [s.systemId, s])).values()]
    .sort((a, b) => a.systemId.localeCompare(b.systemId))
    .map((s) => ({ systemId: s.systemId, rule: marketingRule(s, marketing) }));

  if (!marketing && targets.every((t) => t.rule.effect === 'not-applicable')) {
    const message =
      targets.length === 0
        ? 'reaches no system: no system in the data inventory serves these purposes'
        : `reaches only systems where an objection does not apply: ${targets.map((t) => `${t.systemId} (${(t.rule as { reason: string }).reason})`).join('; ')}`;
    return { problems: [{ path: 'scope', message }], knownSystems, knownPurposes };
  }
  return { purposes, marketing, targets };
}

/** The purposes named, else those of the systems named, else direct marketing. */
function objectedPurposes(named: readonly string[], systems: readonly DataSystem[]): string[] {
  if (named.length > 0) return [...new Set(named)];
  if (systems.length > 0) return [...new Set(systems.flatMap((s) => s.purposes))];
  return [...DEFAULT_OBJECTED_PURPOSES];
}

/** Direct marketing is stopped wherever it happens: a marketing system never answers "not applicable" to such an objection. */
function marketingRule(system: DataSystem, marketing: boolean): ObjectionRule {
  const rule = objectionRule(system);
  return marketing && rule.effect === 'not-applicable' && system.purposes.includes(DIRECT_MARKETING) ? LEGACY_RULE : rule;
}

/** Whether `resolveObjection` refused the scope. */
export function isScopeProblem(value: ObjectionReach | ObjectionScopeProblem): value is ObjectionScopeProblem {
  return 'problems' in value;
}

/**
 * Lifecycle events of a licence (standards.md §6: 年检, 延期, 变更, 暂扣 and its release,
 * 吊销, 注销, 废止, 转出, 抵押, 质押 and their release, 过期) and their parser.
 */
import { hasLoneSurrogate, jsonPathMember } from '../canonical/index.js';
import { type CompactDate, toCompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { type AreaCode, parseAreaCode } from '../identifiers/index.js';

export const STATUS_EVENT_TYPES = [
  'issue',
  'annual-inspection',
  'extension',
  'change',
  'suspension',
  'suspension-release',
  'revocation',
  'cancellation',
  'abolition',
  'transfer',
  'mortgage',
  'mortgage-release',
  'pledge',
  'pledge-release',
  'expiry',
] as const;
export type StatusEventType = (typeof STATUS_EVENT_TYPES)[number];

/** Encumbrances (担保): the licence stays valid but carries them, visibly. */
export const ENCUMBRANCE_KINDS = ['mortgage', 'pledge'] as const;
export type EncumbranceKind = (typeof ENCUMBRANCE_KINDS)[number];

export const INSPECTION_OUTCOMES = ['pass', 'fail'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** Every event may state why (recorded in history and the log). */
interface Reasoned {
  readonly reason?: string;
}

export type IssueEvent = Reasoned & { readonly type: 'issue'; readonly expiringDate?: string };
export type AnnualInspectionEvent = Reasoned & {
  readonly type: 'annual-inspection';
  readonly outcome: InspectionOutcome;
};
/** 延期 / 延续: a new, later expiring date on the same version. */
export type ExtensionEvent = Reasoned & { readonly type: 'extension'; readonly expiringDate: string };
/** 变更: a new version (3 digits, from 002) replaces this one, which becomes superseded. */
export type ChangeEvent = Reasoned & {
  readonly type: 'change';
  readonly newVersion: string;
  readonly expiringDate?: string;
};
export type SuspensionEvent = Reasoned & { readonly type: 'suspension' | 'suspension-release' };
export type EndingEvent = Reasoned & { readonly type: 'revocation' | 'cancellation' | 'abolition' };
/** 转出: to another region, optionally named by its GB/T 2260 area code. */
export type TransferEvent = Reasoned & { readonly type: 'transfer'; readonly toAreaCode?: string };
export type EncumbranceEvent = Reasoned & {
  readonly type: EncumbranceKind;
  /** The registration number of the mortgage or pledge; unique on the licence. */
  readonly id: string;
  readonly creditor?: string;
  /** Default: the day of the event (China time). */
  readonly start?: string;
  readonly end?: string;
};
export type ReleaseEvent = Reasoned & { readonly type: 'mortgage-release' | 'pledge-release'; readonly id: string };
export type ExpiryEvent = Reasoned & { readonly type: 'expiry' };

export type StatusEvent =
  | IssueEvent
  | AnnualInspectionEvent
  | ExtensionEvent
  | ChangeEvent
  | SuspensionEvent
  | EndingEvent
  | TransferEvent
  | EncumbranceEvent
  | ReleaseEvent
  | ExpiryEvent;

/** Members each event type may carry besides `type` and `reason`: [required, optional]. */
const MEMBERS: Readonly<Record<StatusEventType, readonly [readonly string[], readonly string[]]>> = {
  issue: [[], ['expiringDate']],
  'annual-inspection': [['outcome'], []],
  extension: [['expiringDate'], []],
  change: [['newVersion'], ['expiringDate']],
  suspension: [[], []],
  'suspension-release': [[], []],
  revocation: [[], []],
  cancellation: [[], []],
  abolition: [[], []],
  transfer: [[], ['toAreaCode']],
  mortgage: [['id'], ['creditor', 'start', 'end']],
  'mortgage-release': [['id'], []],
  pledge: [['id'], ['creditor', 'start', 'end']],
  'pledge-release': [['id'], []],
  expiry: [[], []],
};

const EXPECTED = {
  date: { expected: 'a date as yyyyMMdd or yyyy-MM-dd', expectedZh: 'yyyyMMdd 或 yyyy-MM-dd 格式的日期' },
  text: {
    expected: 'text of 1 to {max} characters without control characters',
    expectedZh: '1 至 {max} 个字符、不含控制字符的文本',
  },
  version: { expected: 'a 3-digit version from 002 to 999', expectedZh: '002 至 999 的 3 位版本号' },
  outcome: { expected: 'pass or fail', expectedZh: 'pass 或 fail' },
  areaCode: { expected: 'a GB/T 2260 area code', expectedZh: 'GB/T 2260 行政区划代码' },
} as const;

const MAX_ID = 64;
const MAX_TEXT = 500;
const VERSION = /^[0-9]{3}$/;

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  // Data members only: a getter could throw or answer differently on each read.
  return Object.keys(value).every((k) => 'value' in (Object.getOwnPropertyDescriptor(value, k) ?? {}));
}

/** C0/C1 controls and DEL: event texts are single-line and end up in logs and UIs. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * Parses a status event from untrusted input (a department's API call, a queue message).
 * Strict: unknown members are refused, dates are normalised to `yyyyMMdd`. Errors name
 * the member at fault as a JSON path (`$.expiringDate`).
 *
 * @example parseStatusEvent({ type: 'extension', expiringDate: '2030-01-08' })
 * // { type: 'extension', expiringDate: '20300108' }
 */
export function parseStatusEvent(input: unknown): StatusEvent {
  if (!isPlainObject(input)) throw new HutongError('ERR_STATUS_EVENT_NOT_OBJECT', { field: '$' });
  const type = input.type;
  if (typeof type !== 'string' || !(STATUS_EVENT_TYPES as readonly string[]).includes(type)) {
    throw new HutongError('ERR_STATUS_EVENT_TYPE', {
      field: '$.type',
      params: { allowed: STATUS_EVENT_TYPES.join(', ') },
    });
  }
  const event = type as StatusEventType;
  const [required, optional] = MEMBERS[event];
  for (const name of Object.keys(input)) {
    if (name !== 'type' && name !== 'reason' && !required.includes(name) && !optional.includes(name)) {
      throw new HutongError('ERR_STATUS_EVENT_UNKNOWN_MEMBER', {
        field: jsonPathMember('$', name),
        params: { event, name: JSON.stringify(name) },
      });
    }
  }
  for (const name of required) {
    if (!Object.hasOwn(input, name)) {
      throw new HutongError('ERR_STATUS_EVENT_MISSING_MEMBER', {
        field: jsonPathMember('$', name),
        params: { event, name },
      });
    }
  }
  const bad = (name: string, what: keyof typeof EXPECTED, max = MAX_TEXT): HutongError =>
    new HutongError('ERR_STATUS_EVENT_MEMBER', {
      field: jsonPathMember('$', name),
      params: {
        event,
        name,
        expected: EXPECTED[what].expected.replace('{max}', String(max)),
        expectedZh: EXPECTED[what].expectedZh.replace('{max}', String(max)),
      },
    });
  const present = (name: string): boolean => Object.hasOwn(input, name);
  const date = (name: string): CompactDate => {
    const d = toCompactDate(input[name]);
    if (d === undefined) throw bad(name, 'date');
    return d;
  };
  const text = (name: string, max: number): string => {
    const v = input[name];
    if (
      typeof v !== 'string' ||
      v.length === 0 ||
      [...v].length > max ||
      hasControlCharacter(v) ||
      hasLoneSurrogate(v)
    ) {
      throw bad(name, 'text', max);
    }
    return v;
  };

  const out: Record<string, unknown> = { type: event };
  if (present('reason')) out.reason = text('reason', MAX_TEXT);
  switch (event) {
    case 'issue':
      if (present('expiringDate')) out.expiringDate = date('expiringDate');
      break;
    case 'annual-inspection': {
      const outcome = input.outcome;
      if (outcome !== 'pass' && outcome !== 'fail') throw bad('outcome', 'outcome');
      out.outcome = outcome;
      break;
    }
    case 'extension':
      out.expiringDate = date('expiringDate');
      break;
    case 'change': {
      const v = input.newVersion;
      // GB/T 36904: versions are 3 digits from 001; a change issues at least 002.
      if (typeof v !== 'string' || !VERSION.test(v) || v === '000' || v === '001') throw bad('newVersion', 'version');
      out.newVersion = v;
      if (present('expiringDate')) out.expiringDate = date('expiringDate');
      break;
    }
    case 'transfer':
      if (present('toAreaCode')) {
        try {
          out.toAreaCode = parseAreaCode(input.toAreaCode) satisfies AreaCode;
        } catch (error) {
          throw new HutongError('ERR_STATUS_EVENT_MEMBER', {
            field: '$.toAreaCode',
            params: { event, name: 'toAreaCode', ...EXPECTED.areaCode },
            cause: error,
          });
        }
      }
      break;
    case 'mortgage':
    case 'pledge':
      out.id = text('id', MAX_ID);
      if (present('creditor')) out.creditor = text('creditor', 200);
      if (present('start')) out.start = date('start');
      if (present('end')) out.end = date('end');
      break;
    case 'mortgage-release':
    case 'pledge-release':
      out.id = text('id', MAX_ID);
      break;
    default:
      break;
  }
  return out as unknown as StatusEvent;
}

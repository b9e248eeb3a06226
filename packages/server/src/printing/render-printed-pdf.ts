/**
 * The printed licence (打印件) and the annotated copy (加注件) as PDF: the licence face laid out
 * from its type's face-field schema (labels, order, enum labels, dates), the identifier and
 * the issuer in text, and a QR code of the verification page `<publicUrl>/v/<print code>`.
 * Chinese text in Noto Sans Hans, embedded as a subset (docs/design/printed-licence.md §5).
 */
import type { CreatedPrintCode, FaceField, Licence, LicenceType } from '@hutong/core';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { cjkFontBytes, pdfFontkit } from './cjk-font.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 96;
const BODY_SIZE = 11;
const LINE = 17;
const QR_SIZE = 136;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.35, 0.35, 0.35);
const RED = rgb(0.75, 0.08, 0.08);
const RULE = rgb(0.7, 0.7, 0.7);

/** Status words printed on the copy (the status when it was printed; the QR gives it now). */
const STATUS_LABELS: Readonly<Record<string, string>> = {
  valid: '有效',
  suspended: '中止',
  revoked: '撤销',
  cancelled: '注销',
  abolished: '废止',
  expired: '过期',
  superseded: '已换新版本',
  'transferred-out': '已迁出',
};

export interface PrintedPdfInput {
  readonly licence: Licence;
  readonly type: LicenceType;
  /** The licence's status in the library when printed (core `LicenceStatus`). */
  readonly status: string;
  /** The signed print code (its `face` is what this page prints). */
  readonly code: CreatedPrintCode;
  /** `<publicUrl>/v/<code>`: what the QR code says. */
  readonly verificationUrl: string;
}

/** `20260301` → `2026年03月01日`. */
export function printedDate(value: string): string {
  return /^[0-9]{8}$/.test(value) ? `${value.slice(0, 4)}年${value.slice(4, 6)}月${value.slice(6, 8)}日` : value;
}

/** An instant in China Standard Time, to the minute: `2026年03月01日 12:00（北京时间）`. */
export function printedInstant(at: Date): string {
  const cst = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return `${cst.slice(0, 4)}年${cst.slice(5, 7)}月${cst.slice(8, 10)}日 ${cst.slice(11, 16)}（北京时间）`;
}

/** A face value as printed: dates in Chinese, enum values by their label, booleans 是/否. */
export function printedValue(field: FaceField | undefined, value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  if (field?.type === 'date') return printedDate(value);
  if (field?.type === 'enum') return field.enum?.find((option) => option.value === value)?.label.zh ?? value;
  return value;
}

/** Lines of at most `width` points: greedy by character (Chinese has no spaces to break at). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const char of paragraph) {
      const candidate = line + char;
      if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
        lines.push(line);
        line = char;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

class Cursor {
  page: PDFPage;
  y: number;

  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Room for `height` points above the bottom margin (and above the QR code on the first page), or a new page. */
  need(height: number, floor = MARGIN): void {
    if (this.y - height < floor) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }

  text(text: string, x: number, size: number, color = INK): void {
    this.page.drawText(text, { x, y: this.y, size, font: this.font, color });
  }

  centred(text: string, size: number, color = INK): void {
    const width = this.font.widthOfTextAtSize(text, size);
    this.page.drawText(text, { x: (A4[0] - width) / 2, y: this.y, size, font: this.font, color });
  }

  rule(): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4[0] - MARGIN, y: this.y },
      thickness: 0.6,
      color: RULE,
    });
  }

  /**
   * A label and its value, wrapped; with `oneLine` (identifiers: a reader copies them whole)
   * the value is set smaller to fit one line, down to 7 pt.
   */
  row(label: string, value: string, floor: number, oneLine = false): void {
    const width = A4[0] - 2 * MARGIN - LABEL_WIDTH;
    const size = oneLine ? Math.max(7, Math.min(BODY_SIZE, width / this.font.widthOfTextAtSize(value, 1))) : BODY_SIZE;
    const lines = wrap(this.font, value, size, width);
    this.need(LINE * lines.length, floor);
    this.text(label, MARGIN, BODY_SIZE, MUTED);
    for (const line of lines) {
      this.text(line, MARGIN + LABEL_WIDTH, size);
      this.y -= LINE;
    }
    this.y -= 3;
  }
}

/** The rows of the face: metadata first (GB/T 36903), then the type's face fields in its order. */
function faceRows(input: PrintedPdfInput): Array<[string, string]> {
  const m = input.code.face.metadata;
  const rows: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) rows.push([label, value]);
  };
  add('证照名称', m.certificateName);
  add('证照编号', m.certificateNumber);
  add('持证主体', m.certificateHolderName);
  add('持证主体代码', m.certificateHolderCode);
  for (const field of input.type.faceFields) {
    const value = input.code.face.face[field.key];
    if (value !== undefined) rows.push([field.label.zh, printedValue(field, value)]);
  }
  add('发证机构', m.certificateIssuingAuthorityName);
  add('发证日期', m.certificateIssuedDate === undefined ? undefined : printedDate(m.certificateIssuedDate));
  const effective = m.certificateEffectiveDate === undefined ? '' : printedDate(m.certificateEffectiveDate);
  const expiring = m.certificateExpiringDate === undefined ? '长期' : printedDate(m.certificateExpiringDate);
  rows.push(['有效期限', `${effective} 至 ${expiring}`]);
  return rows;
}

/**
 * Renders the page(s). The QR code is a PNG of one pixel per module (no interpolation: crisp
 * when printed), error correction M, drawn 48 mm wide with its quiet zone.
 */
export async function renderPrintedPdf(input: PrintedPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(pdfFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const font = await doc.embedFont(cjkFontBytes(), { subset: true });
  const m = input.licence.metadata;
  const annotation = input.code.annotation;
  const title = annotation === undefined ? '电子证照打印件' : '电子证照加注件';
  doc.setTitle(`${input.type.name.zh} ${title} ${m.certificateIdentifier}`);
  doc.setSubject(`${m.certificateIdentifier}`);
  doc.setProducer('Hutong 互通');
  doc.setCreator('Hutong 互通');
  doc.setCreationDate(input.code.printedAt);
  doc.setModificationDate(input.code.printedAt);
  doc.setLanguage('zh-CN');

  const cursor = new Cursor(doc, font);
  cursor.centred(input.type.name.zh, 22);
  cursor.y -= 24;
  cursor.centred(`${title}  ${input.type.name.en}`, 10, MUTED);
  cursor.y -= 14;
  cursor.rule();
  cursor.y -= 22;

  if (annotation !== undefined) {
    const notice = [
      `加注：本件仅供 ${annotation.relyingPartyName}（${annotation.relyingPartyCode}）用于“${annotation.useCause}”，`,
      `有效期至 ${printedInstant(annotation.expiresAt)}，他用无效，复印无效。`,
    ];
    for (const line of notice) {
      for (const part of wrap(font, line, BODY_SIZE, A4[0] - 2 * MARGIN)) {
        cursor.text(part, MARGIN, BODY_SIZE, RED);
        cursor.y -= LINE;
      }
    }
    cursor.y -= 8;
  }

  // The first page keeps its lower part for the QR code and the verification notes.
  const qrFloor = MARGIN + QR_SIZE + 20;
  for (const [label, value] of faceRows(input)) cursor.row(label, value, qrFloor);

  cursor.need(8 * LINE, qrFloor);
  cursor.y -= 6;
  cursor.rule();
  cursor.y -= 20;
  const status = STATUS_LABELS[input.status] ?? input.status;
  cursor.row('证照标识', m.certificateIdentifier, qrFloor, true);
  cursor.row('签发机构', `${m.certificateIssuingAuthorityName}（${m.certificateIssuingAuthorityCode}）`, qrFloor);
  cursor.row('版本', m.certificateVersion, qrFloor);
  cursor.row('打印时状态', status, qrFloor);
  cursor.row('打印时间', printedInstant(input.code.printedAt), qrFloor);

  // The QR code, bottom right of the last page, with how to check the copy beside it.
  const png = await QRCode.toBuffer(input.verificationUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 1,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
  const image = await doc.embedPng(png);
  const page = cursor.page;
  const qrX = A4[0] - MARGIN - QR_SIZE;
  page.drawImage(image, { x: qrX, y: MARGIN, width: QR_SIZE, height: QR_SIZE });
  const notes = [
    '扫描右侧二维码核验本件：',
    '二维码含本节点签名的打印码，绑定证照标识、版本、',
    '签发机构、照面信息摘要与打印时间；在线核验显示',
    '证照当前状态，并可比对照面信息。',
    'Scan the QR code to verify this printed licence.',
  ];
  let y = MARGIN + QR_SIZE - 14;
  for (const note of notes) {
    page.drawText(note, { x: MARGIN, y, size: 9, font, color: MUTED });
    y -= 14;
  }
  return doc.save({ useObjectStreams: true });
}

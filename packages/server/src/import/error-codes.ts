import type { ErrorTable } from '@hutong/core';

/** Error codes of `import/` (bulk legacy import, 存量证照转化). Messages: English, then Chinese; `{name}` takes a param. */
export const importErrors = {
  ERR_IMPORT_FILE_UNREADABLE: {
    en: 'The import file {file} cannot be read ({reason}).',
    zh: '无法读取导入文件 {file}（{reason}）。',
  },
  ERR_IMPORT_FORMAT: {
    en: 'The import file {file} must be a .csv or .xlsx file.',
    zh: '导入文件 {file} 须为 .csv 或 .xlsx 文件。',
  },
  ERR_IMPORT_ENCODING: {
    en: 'The CSV file is neither UTF-8 nor GB18030/GBK text (invalid bytes near byte {offset}); save it as UTF-8.',
    zh: 'CSV 文件既不是 UTF-8 也不是 GB18030/GBK 编码（第 {offset} 字节附近有无效字节），请另存为 UTF-8。',
  },
  ERR_IMPORT_CSV_SYNTAX: {
    en: 'The CSV file is malformed at line {line}: {reason}.',
    zh: 'CSV 文件第 {line} 行格式错误：{reason}。',
  },
  ERR_IMPORT_XLSX_INVALID: {
    en: 'The workbook cannot be read ({reason}).',
    zh: '无法读取该工作簿（{reason}）。',
  },
  ERR_IMPORT_NO_HEADER: {
    en: 'The file has no header row: its first row must name the columns.',
    zh: '文件缺少表头：第一行须为列名。',
  },
  ERR_IMPORT_COLUMN_UNKNOWN: {
    en: 'Unknown column(s) {columns}: the columns are the metadata names, sourceKey, and the face fields of type {typeCode} ({faceKeys}).',
    zh: '未知列 {columns}：列名须为元数据名称、sourceKey 或类型 {typeCode} 的照面字段（{faceKeys}）。',
  },
  ERR_IMPORT_COLUMN_MISSING: {
    en: 'Required column(s) {columns} are missing.',
    zh: '缺少必需列 {columns}。',
  },
  ERR_IMPORT_COLUMN_DUPLICATE: {
    en: 'The column {column} appears more than once.',
    zh: '列 {column} 重复出现。',
  },
  ERR_IMPORT_ROW_WIDTH: {
    en: 'The row has {found} cells; the header has {expected}.',
    zh: '该行有 {found} 个单元格，表头有 {expected} 列。',
  },
  ERR_IMPORT_CELL_EMPTY: {
    en: 'The {field} cell is empty.',
    zh: '{field} 单元格为空。',
  },
  ERR_IMPORT_CELL_TOO_LONG: {
    en: 'The {field} cell has {length} characters; at most {max} are allowed.',
    zh: '{field} 单元格有 {length} 个字符，最多允许 {max} 个。',
  },
  ERR_IMPORT_CELL_PRECISION: {
    en: 'The {field} cell holds the number {value}, too large to be exact: format the column as text.',
    zh: '{field} 单元格为数值 {value}，位数过多无法精确保存：请将该列设置为文本格式。',
  },
  ERR_IMPORT_CELL_VALUE: {
    en: 'The {field} cell holds {kind}, not a value.',
    zh: '{field} 单元格内容为{kindZh}，不是有效值。',
  },
  ERR_IMPORT_SOURCE_KEY: {
    en: 'The sourceKey must be 1 to 128 characters without control characters.',
    zh: 'sourceKey 须为 1 至 128 个字符，且不含控制字符。',
  },
  ERR_IMPORT_JOB_RUNNING: {
    en: 'This file is already being imported by {runner} (job {jobId}, last active {heartbeatAt}).',
    zh: '该文件正由 {runner} 导入（任务 {jobId}，最近活动时间 {heartbeatAt}）。',
  },
  ERR_IMPORT_WORKER_FAILED: {
    en: 'A signing worker failed ({reason}).',
    zh: '签名工作线程出错（{reason}）。',
  },
  ERR_IMPORT_OPTIONS: {
    en: 'Invalid import option {option}: {rule}.',
    zh: '导入选项 {option} 无效：{rule}。',
  },
  ERR_IMPORT_REPORT_UNWRITABLE: {
    en: 'The import report {file} cannot be written ({reason}).',
    zh: '无法写入导入报告 {file}（{reason}）。',
  },
  ERR_IMPORT_UPLOAD_NOT_FOUND: {
    en: 'No import upload {id} for an issuer you may act for.',
    zh: '不存在编号为 {id} 且属于您可代为办理的发证机构的导入文件。',
  },
  ERR_IMPORT_UPLOAD_STATE: {
    en: 'The import upload is {status}: {action} is possible only when it is {expected}.',
    zh: '该导入文件当前状态为 {status}：仅在状态为 {expected} 时才能{actionZh}。',
  },
  ERR_IMPORT_FILES_EXPIRED: {
    en: 'The report expired: the files of import upload {id} (file, preview, report) were deleted on {expiredAt}, as the node keeps them {days} days after an import ends, after the check of a file never committed, or after an import stopped and was not resumed. Its counts remain; to import it, upload the file again.',
    zh: '报告已过期：导入文件 {id} 的文件（原文件、预览、报告）已于 {expiredAt} 删除，本节点在导入结束后（或文件检查后一直未提交、导入中断后一直未继续时）保留 {days} 天。统计数仍保留；如需导入，请重新上传文件。',
  },
  ERR_IMPORT_INTERRUPTED_EXPIRED: {
    en: 'The import stopped on {stoppedAt} and was not resumed within {days} days: its files were deleted on {expiredAt} and its job {jobId} ended. The {accepted} licences it issued (file rows up to {rowsCommitted}) stay in the library; to import the rest, upload the file again (rows already imported come out skipped).',
    zh: '导入于 {stoppedAt} 中断，{days} 天内未继续：其文件已于 {expiredAt} 删除，导入任务 {jobId} 已结束。已签发的 {accepted} 份证照（文件第 {rowsCommitted} 行及之前）保留在证照库中；如需导入其余数据，请重新上传文件（已导入的行将被跳过）。',
  },
  ERR_IMPORT_DIR_NOT_SHARED: {
    en: 'The import folder {dir} is not the one the other server processes of this store use: it lacks the file {mark} the first process wrote there. Give every process of one database the same shared folder (HUTONG_IMPORT_DIR); after a restore of the store without its folder, create an empty {mark} in the new folder.',
    zh: '导入目录 {dir} 不是本存储其他服务进程使用的目录：其中缺少首个进程写入的文件 {mark}。同一数据库的所有进程须使用同一共享目录（HUTONG_IMPORT_DIR）；若恢复存储时未恢复该目录，请在新目录中创建空文件 {mark}。',
  },
  ERR_IMPORT_FILE_EMPTY: {
    en: 'The uploaded file is empty.',
    zh: '上传的文件为空。',
  },
} as const satisfies ErrorTable;

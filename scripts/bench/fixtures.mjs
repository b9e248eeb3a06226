// Shared workloads for bench files.

/**
 * A licence-like document (GB/T 36903 metadata plus face fields) whose canonical JSON
 * (RFC 8785: keys sorted by UTF-16 code units, no whitespace) is exactly `size` bytes.
 * Every value is a string without characters JSON escapes, so sorted-key JSON.stringify *is*
 * the RFC 8785 form here; bench files may cross-check with core's canonicalBytes.
 */
export function licenceLikeDocument(size = 1024) {
  const doc = {
    certificateAreaCode: '220000',
    certificateEffectiveDate: '20210108',
    certificateExpiringDate: '20240108',
    certificateHolderCode: '11010519491231002X',
    certificateHolderName: '张三',
    certificateHolderTypeCode: '111',
    certificateIdentifier: '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
    certificateIssuedDate: '20120109',
    certificateIssuingAuthorityCode: '11220000013544541J',
    certificateIssuingAuthorityName: '吉林省住房和城乡建设厅',
    certificateName: '建筑施工特种作业人员操作资格证书',
    certificateNumber: '吉A042012000939',
    certificateTypeCode: '11100000000013338W032',
    certificateVersion: '001',
    extension: { operationCategory: '建筑电工', remarks: '' },
  };
  const length = () => new TextEncoder().encode(canonicalJson(doc)).length;
  const missing = size - length();
  if (missing < 0) throw new Error(`the base document is already longer than ${size} bytes`);
  doc.extension.remarks = 'x'.repeat(missing);
  if (length() !== size) throw new Error('could not pad the document to the requested size');
  return doc;
}

function canonicalJson(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

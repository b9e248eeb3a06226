import type { AppContext } from '../../app-context.js';
import { ISSUER_CODE, TYPE_CODE } from '../../library/test-support/licence-fixtures.js';
import type { Matter } from '../matter.js';
import { createMatter } from '../save-matter.js';

/** The matter code the grant tests name (a grant must name a matter of the catalogue). */
export const TEST_MATTER_CODE = '11220000013544541J-0001';

/**
 * A small real matter on a test node (the fixture department and type must exist and be
 * published): one licence material of `typeCode`, the applicant's name from the holder.
 *
 * @example await createTestMatter(node.ctx); await createGrant(ctx, holder, { matterCode: TEST_MATTER_CODE, … });
 */
export async function createTestMatter(
  ctx: AppContext,
  options: { readonly code?: string; readonly departmentCode?: string; readonly typeCode?: string } = {},
): Promise<Matter> {
  const typeCode = options.typeCode ?? TYPE_CODE;
  return createMatter(
    ctx,
    {
      code: options.code ?? TEST_MATTER_CODE,
      name: { zh: '建筑施工企业资质申请', en: 'Construction company qualification application' },
      departmentCode: options.departmentCode ?? ISSUER_CODE,
      holderCategory: 'person',
      materials: [
        { key: 'qualification', name: { zh: '操作资格证书', en: 'Qualification' }, kind: 'licence', anyOf: [typeCode] },
      ],
      fields: [
        {
          key: 'applicantName',
          label: { zh: '申请人姓名', en: 'Applicant' },
          type: 'string',
          required: true,
          source: { kind: 'holder', attribute: 'name' },
        },
      ],
    },
    { actor: 'system' },
  );
}

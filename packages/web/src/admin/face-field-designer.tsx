import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FACE_FIELD_FORMATS, FACE_FIELD_TYPES, SENSITIVITY_GRADES } from '@hutong/core';
import { Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The face-field schema designer: one card per field (key, bilingual label, type, format,
 * required, maximum length, data grade, options of an enum), added, removed and moved up or
 * down. Lives inside the type editor's `Form` as the `faceFields` list.
 */
export function FaceFieldDesigner({ disabled }: { readonly disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.List name="faceFields">
      {(fields, { add, remove, move }) => (
        <Flex vertical gap="small" data-testid="face-field-designer">
          {fields.length === 0 && <Typography.Text type="secondary">{t('admin.types.noFields')}</Typography.Text>}
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              title={t('admin.types.fieldNumber', { number: index + 1 })}
              data-testid={`face-field-${index}`}
              extra={
                <Flex gap="small">
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('admin.types.moveUp')}
                    disabled={disabled || index === 0}
                    onClick={() => move(index, index - 1)}
                    data-testid={`face-field-${index}-up`}
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('admin.types.moveDown')}
                    disabled={disabled || index === fields.length - 1}
                    onClick={() => move(index, index + 1)}
                    data-testid={`face-field-${index}-down`}
                  />
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('admin.types.removeField')}
                    disabled={disabled}
                    onClick={() => remove(index)}
                    data-testid={`face-field-${index}-remove`}
                  />
                </Flex>
              }
            >
              <Flex wrap gap="small">
                <Form.Item
                  name={[field.name, 'key']}
                  label={t('catalogue.fieldKey')}
                  rules={[
                    { required: true, message: t('admin.required') },
                    { pattern: /^[a-z][A-Za-z0-9]*$/, message: t('admin.types.keyRule') },
                  ]}
                >
                  <Input disabled={disabled} data-testid={`face-field-${index}-key`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'label', 'zh']}
                  label={t('admin.labelZh')}
                  rules={[{ required: true, message: t('admin.required') }]}
                >
                  <Input disabled={disabled} data-testid={`face-field-${index}-zh`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'label', 'en']}
                  label={t('admin.labelEn')}
                  rules={[{ required: true, message: t('admin.required') }]}
                >
                  <Input disabled={disabled} data-testid={`face-field-${index}-en`} />
                </Form.Item>
                <Form.Item name={[field.name, 'type']} label={t('catalogue.fieldType')} rules={[{ required: true }]}>
                  <Select
                    disabled={disabled}
                    style={{ minWidth: 120 }}
                    data-testid={`face-field-${index}-type`}
                    options={FACE_FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldTypes.${type}`) }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'sensitivity']} label={t('catalogue.fieldSensitivity')}>
                  <Select
                    disabled={disabled}
                    style={{ minWidth: 140 }}
                    data-testid={`face-field-${index}-sensitivity`}
                    options={SENSITIVITY_GRADES.map((grade) => ({ value: grade, label: t(`sensitivity.${grade}`) }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'required']} label={t('catalogue.fieldRequired')} valuePropName="checked">
                  <Checkbox disabled={disabled} data-testid={`face-field-${index}-required`} />
                </Form.Item>
                {/* Format and length only for text; options only for a choice: what core accepts. */}
                <Form.Item noStyle dependencies={[['faceFields', field.name, 'type']]}>
                  {({ getFieldValue }) => {
                    const type = getFieldValue(['faceFields', field.name, 'type']) as string | undefined;
                    if (type === 'string') {
                      return (
                        <>
                          <Form.Item name={[field.name, 'format']} label={t('admin.types.format')}>
                            <Select
                              allowClear
                              disabled={disabled}
                              style={{ minWidth: 160 }}
                              placeholder={t('admin.types.anyText')}
                              options={FACE_FIELD_FORMATS.map((format) => ({
                                value: format,
                                label: t(`fieldFormats.${format}`, { defaultValue: format }),
                              }))}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'maxLength']} label={t('admin.types.maxLength')}>
                            <InputNumber min={1} max={4096} disabled={disabled} />
                          </Form.Item>
                        </>
                      );
                    }
                    if (type === 'enum') return <EnumOptions fieldName={field.name} disabled={disabled} />;
                    return null;
                  }}
                </Form.Item>
              </Flex>
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={disabled}
            onClick={() => add({ type: 'string', required: false, sensitivity: 1, label: { zh: '', en: '' } })}
            data-testid="face-field-add"
          >
            {t('admin.types.addField')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** The options of an enum field: value and bilingual label each. */
function EnumOptions({ fieldName, disabled }: { readonly fieldName: number; readonly disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[fieldName, 'enum']}>
      {(options, { add, remove }) => (
        <Flex vertical gap={4} style={{ width: '100%' }}>
          <Typography.Text strong>{t('admin.types.options')}</Typography.Text>
          {options.map((option, index) => (
            <Flex key={option.key} gap="small" wrap align="start">
              <Form.Item name={[option.name, 'value']} rules={[{ required: true, message: t('admin.required') }]}>
                <Input
                  disabled={disabled}
                  placeholder={t('admin.types.optionValue')}
                  aria-label={t('admin.types.optionValue')}
                />
              </Form.Item>
              <Form.Item name={[option.name, 'label', 'zh']} rules={[{ required: true, message: t('admin.required') }]}>
                <Input disabled={disabled} placeholder={t('admin.labelZh')} aria-label={t('admin.labelZh')} />
              </Form.Item>
              <Form.Item name={[option.name, 'label', 'en']} rules={[{ required: true, message: t('admin.required') }]}>
                <Input disabled={disabled} placeholder={t('admin.labelEn')} aria-label={t('admin.labelEn')} />
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('admin.types.removeOption', { number: index + 1 })}
                disabled={disabled}
                onClick={() => remove(option.name)}
              />
            </Flex>
          ))}
          <Button
            size="small"
            icon={<PlusOutlined />}
            disabled={disabled}
            onClick={() => add()}
            style={{ alignSelf: 'start' }}
          >
            {t('admin.types.addOption')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

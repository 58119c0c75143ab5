import type { BaseSyntheticEvent, CSSProperties, ReactNode } from 'react';
import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * An admin form in a dialog: the title names the form for screen readers,
 * OK and Enter both submit, Cancel and Esc close, a click beside it does not
 * (a half-filled form is not lost).
 */
export function FormDialog({
  titleId, title, okText, saving, okTestId, formTestId, width = 640, style, onClose, submit, children,
}: {
  titleId: string;
  title: ReactNode;
  /** Default: Save. */
  okText?: string;
  saving: boolean;
  okTestId: string;
  formTestId: string;
  width?: number;
  style?: CSSProperties;
  onClose: () => void;
  submit: (ev?: BaseSyntheticEvent) => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={<span id={titleId}>{title}</span>}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={okText ?? t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': okTestId }}
      width={width}
      style={style}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby={titleId} onSubmit={(ev) => void submit(ev)} data-testid={formTestId}>
        {children}
      </form>
    </Modal>
  );
}

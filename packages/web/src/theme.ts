import type { ThemeConfig } from 'antd';

const BRAND = '#1f4e9e';

/**
 * The everyday look. Ant Design's secondary and placeholder greys (45 % and 25 % black, about
 * 3.4:1 and 1.9:1 on white) fall short of WCAG 2.1 AA's 4.5:1 for text (axe-core finds them in
 * the e2e run): they are darkened to #595959 (7:1) and #767676 (4.5:1); so is the error red.
 */
const STANDARD: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    borderRadius: 6,
    colorTextSecondary: '#595959',
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    colorTextPlaceholder: '#767676',
    // Danger buttons and error text: Ant Design's #ff4d4f is 3.2:1 on white; #cf1322 is 5.9:1.
    colorError: '#cf1322',
    // Link buttons and links take Ant Design's info blue (#1677ff, 4.1:1 on white; axe-core found
    // it on the kiosk); the brand blue is 8.6:1.
    colorLink: BRAND,
  },
};

/**
 * Elder-friendly mode, after the MIIT guidance on ageing-friendly websites (互联网网站适老化
 * 通用设计规范, 2020): body text of at least 18 px (here 20), large targets, and text
 * contrast well above 4.5:1 — pure black on white, darker secondary text, visible borders.
 */
const ELDER: ThemeConfig = {
  token: {
    colorPrimary: '#0b3a82',
    borderRadius: 6,
    fontSize: 20,
    fontSizeSM: 18,
    fontSizeLG: 24,
    fontSizeHeading3: 30,
    controlHeight: 48,
    colorText: '#000000',
    colorTextSecondary: '#1a1a1a',
    colorTextTertiary: '#262626',
    colorTextDescription: '#1a1a1a',
    colorBorder: '#595959',
    colorBorderSecondary: '#8c8c8c',
    colorTextPlaceholder: '#595959',
    colorError: '#a8071a',
    colorLink: '#0b3a82',
    lineHeight: 1.6,
  },
};

export function hutongTheme(elder: boolean): ThemeConfig {
  return elder ? ELDER : STANDARD;
}

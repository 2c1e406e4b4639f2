import { useI18n } from '../i18n';
import { UserText } from './UserText';

/**
 * The statutory festivals (《全国年节及纪念日放假办法》) in English. A notice names its days in
 * Chinese only; any other name is shown as the notice wrote it, marked as data.
 */
const FESTIVALS_EN: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明: 'Qingming Festival',
  清明节: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午: 'Dragon Boat Festival',
  端午节: 'Dragon Boat Festival',
  中秋: 'Mid-Autumn Festival',
  中秋节: 'Mid-Autumn Festival',
  国庆: 'National Day',
  国庆节: 'National Day',
};

/** A holiday's name from a notice, in English when it is a statutory festival. */
export function HolidayName({ name }: { name: string }) {
  const { lang } = useI18n();
  if (lang === 'zh') return <>{name}</>;
  const english = FESTIVALS_EN[name];
  return english ?? <UserText>{name}</UserText>;
}

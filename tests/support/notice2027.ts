/**
 * An illustrative, complete 2027 national notice for tests (the real one is the State Council's):
 * every festival the 全国年节及纪念日放假办法 fixes, with 调休. 元旦 runs 1/1–1/4 — one weekday more
 * than the law fixes — so deadlines of late December move when it is loaded.
 */
export const notice2027 = {
  source: '测试用 2027 年节假日安排',
  days: [
    ...range('2027-01-01', '2027-01-04', 'rest', '元旦'),
    { date: '2027-01-31', kind: 'makeUpWork', name: '春节' },
    ...range('2027-02-05', '2027-02-13', 'rest', '春节'),
    { date: '2027-02-20', kind: 'makeUpWork', name: '春节' },
    ...range('2027-04-03', '2027-04-05', 'rest', '清明节'),
    ...range('2027-05-01', '2027-05-05', 'rest', '劳动节'),
    { date: '2027-05-08', kind: 'makeUpWork', name: '劳动节' },
    { date: '2027-06-09', kind: 'rest', name: '端午节' },
    { date: '2027-09-15', kind: 'rest', name: '中秋节' },
    { date: '2027-09-26', kind: 'makeUpWork', name: '国庆节' },
    ...range('2027-10-01', '2027-10-07', 'rest', '国庆节'),
    { date: '2027-10-09', kind: 'makeUpWork', name: '国庆节' },
  ],
};

function range(from: string, to: string, kind: 'rest' | 'makeUpWork', name: string) {
  const days: { date: string; kind: string; name: string }[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push({ date: new Date(t).toISOString().slice(0, 10), kind, name });
  return days;
}

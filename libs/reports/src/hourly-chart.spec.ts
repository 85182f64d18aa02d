import { chartHours } from './hourly-chart.js';

describe('chartHours', () => {
  const hours = (values: number[], marks: number[] = []) =>
    chartHours({ kind: 'hourly-chart', series: [{ label: 's', values }], marks: marks.map((hour) => ({ hour, label: 'm' })) });

  it('spans the hours with values above zero', () => {
    const values = Array.from({ length: 24 }, (_, h) => (h >= 9 && h <= 19 ? 10 : 0));
    expect(hours(values)).toEqual([9, 19]);
  });

  it('widens to take in the marks', () => {
    const values = Array.from({ length: 24 }, (_, h) => (h >= 9 && h <= 19 ? 10 : 0));
    expect(hours(values, [8, 20])).toEqual([8, 20]);
  });

  it('shows the whole day when nothing is above zero', () => {
    expect(hours(new Array(24).fill(0))).toEqual([0, 23]);
  });
});

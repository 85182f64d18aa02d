import type { DeskSession } from '../sessions/desk-sessions.js';
import { detectGroupSessions } from './group-sessions.js';

const at = (hhmm: string) => Date.parse(`2026-09-08T${hhmm}:00Z`);
const session = (sensor: string, zone: string, from: string, to: string): DeskSession => ({ sensor, zone, start: at(from), end: at(to), cut: false });

// A table of four (1.2 m side by side, 1.4 m across) and a desk 10 m away.
const desks = new Map([
  ['t1', { x: 0, y: 0 }],
  ['t2', { x: 1.2, y: 0 }],
  ['t3', { x: 0, y: 1.4 }],
  ['t4', { x: 1.2, y: 1.4 }],
  ['far', { x: 10, y: 0 }],
  ['other-zone', { x: 0.5, y: 0 }],
]);

describe('group detection: who came together?', () => {
  it('flags two people at one table who arrive and leave within minutes of each other', () => {
    // Starts 4 min apart, ends 2 min apart, shared 10:04-11:58 = 114 min of 120 and 114.
    const g = detectGroupSessions([session('t1', 'z', '10:00', '12:00'), session('t2', 'z', '10:04', '11:58')], desks);
    expect([...g]).toEqual([1, 1]);
  });

  it('leaves alone a stranger across the room, even arriving at the same time', () => {
    const g = detectGroupSessions([session('t1', 'z', '10:00', '12:00'), session('far', 'z', '10:00', '12:00')], desks);
    expect([...g]).toEqual([0, 0]);
  });

  it('leaves alone a neighbour who sat down 26 minutes later', () => {
    const g = detectGroupSessions([session('t1', 'z', '10:00', '12:00'), session('t4', 'z', '10:26', '12:00')], desks);
    expect([...g]).toEqual([0, 0]);
  });

  it('leaves alone neighbours who arrived together but left 90 minutes apart', () => {
    const g = detectGroupSessions([session('t1', 'z', '14:00', '14:30'), session('t2', 'z', '14:00', '16:00')], desks);
    expect([...g]).toEqual([0, 0]);
  });

  it('needs half of each session shared: short visits that barely overlap are not a group', () => {
    // Starts 9 min apart, ends 8 min apart, but shared 15:09-15:12 = 3 min of 12 and 11 (under half).
    const g = detectGroupSessions([session('t1', 'z', '15:00', '15:12'), session('t3', 'z', '15:09', '15:20')], desks);
    expect([...g]).toEqual([0, 0]);
    // Shared 15:05-15:20 = 15 min of 20 and 18: a group.
    const h = detectGroupSessions([session('t1', 'z', '15:00', '15:20'), session('t3', 'z', '15:05', '15:23')], desks);
    expect([...h]).toEqual([1, 1]);
  });

  it('does not pair desks in different zones, desks without a position, or one desk with itself', () => {
    const g = detectGroupSessions(
      [
        session('t1', 'z', '10:00', '12:00'),
        session('other-zone', 'y', '10:00', '12:00'),
        session('unknown', 'z', '10:00', '12:00'),
        session('t2', 'z', '13:00', '13:30'),
        session('t2', 'z', '13:31', '14:00'),
      ],
      desks,
    );
    expect([...g]).toEqual([0, 0, 0, 0, 0]);
  });

  it('flags a whole table of four and answers in input order', () => {
    const g = detectGroupSessions(
      [
        session('far', 'z', '09:00', '09:40'),
        session('t4', 'z', '11:03', '12:31'),
        session('t1', 'z', '11:00', '12:30'),
        session('t3', 'z', '11:02', '12:29'),
        session('t2', 'z', '11:01', '12:32'),
      ],
      desks,
    );
    expect([...g]).toEqual([0, 1, 1, 1, 1]);
  });

  it('follows its options: a 1 m limit separates desks 1.2 m apart', () => {
    const g = detectGroupSessions([session('t1', 'z', '10:00', '12:00'), session('t2', 'z', '10:04', '11:58')], desks, { maxDistanceM: 1 });
    expect([...g]).toEqual([0, 0]);
  });
});

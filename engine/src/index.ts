export { addCalendarPeriod } from './calendar/addCalendarPeriod';
export {
  addWorkingDays,
  type CalendarResult,
  countWorkingDays,
  subtractWorkingDays,
  workingDaysBetween,
} from './calendar/addWorkingDays';
export {
  FESTIVAL_NAMES,
  festivalDatesKnown,
  provisionalRestDays,
  type StatutoryFestival,
  type StatutoryHoliday,
  statutoryHolidays,
} from './calendar/statutoryHolidays';
export {
  addCalendarDays,
  createWorkCalendar,
  endOfShanghaiDay,
  isWorkingDay,
  shanghaiDate,
  type WorkCalendar,
} from './calendar/workCalendar';
export {
  type ClockExtension,
  type ClockPause,
  type ClockSnapshot,
  dueOnResume,
  nextWorkingDay,
  type PauseKind,
  recountClock,
  remainingWorkingDays,
  SPECIAL_PROCEDURES,
  type SpecialProcedure,
  startClock,
  stepClock,
} from './clock/statutoryClock';
export {
  extendedClockBasis,
  moveWorkDeadlines,
  type OpenDeadline,
  type PausedScope,
  pausedWorkingDays,
  recountDeadline,
  resumeDeadlines,
  resumedClockBasis,
  setAsideDeadlines,
  type WorkDeadlineEffect,
} from './clock/workDeadlines';
export { LINT_CONFIG } from './definition/lintModel';
export { MAX_BPMN_BYTES, type ParseOptions, parseBpmn } from './definition/parseBpmn';
export type * from './definition/types';
export {
  BpmnError,
  DefinitionError,
  type DefinitionIssue,
  IncidentError,
  type IncidentMessages,
  RunError,
} from './errors';
export {
  type CompiledFeel,
  checkFeel,
  compileFeel,
  DEFAULT_FEEL_BUDGET,
  type FeelBudget,
  FeelCompileError,
  FeelFault,
  type FeelResult,
  feelSource,
  feelType,
} from './feel/index';
export {
  checkModel,
  type DescribedIssue,
  describeIssue,
  type IssueMessages,
  issueMessages,
  linterConfig,
  lintResolver,
} from './lint';
export { migrateSnapshot } from './migrateSnapshot';
export type { CaseContext, CaseEvent, Variables } from './runtime/caseMachine';
export { type Deadline, deadlineFor, governingLimit } from './runtime/deadlines';
export type * from './runtime/effects';
export { incidentCodes, incidentMessages } from './runtime/incidentMessages';
export type { ItemPause } from './runtime/itemPause';
export {
  CORRECTION_NOTICE_WORKING_DAYS,
  type CorrectionNotice,
  type IntakeState,
  ISSUANCE_WORKING_DAYS,
  type IssuanceDeadline,
  MAX_EXTENSION_ITEM,
  MAX_EXTENSION_JOINT,
  maxExtension,
} from './runtime/lifecycle';
export type {
  CatchToken,
  IncidentToken,
  MessageSubscription,
  MultiInstanceBody,
  Participant,
  ScopeInstance,
  TimerRecord,
  TokenState,
  WaitingToken,
} from './runtime/tokens';
export { type WarningLight, warningLight } from './runtime/warningLight';
export { type CaseSnapshot, readCase, transition } from './transition';

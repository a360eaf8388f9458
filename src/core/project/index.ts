/** The project model: one way to load iFlows with what judges them, for the CLI and the editor alike. */
export { Project } from './project';
export type { Caller, EntryRef, ProjectOptions, ProjectProblem, ProjectRoot, ProjectUpdate } from './project';
export type { DirectoryEntry, FileProblem, FileSystemPort, FileType, FoundFiles } from './fileSystem';
export { findByWalking, foundFileMatcher } from './fileSystem';
export { MemoryFileSystem } from './memoryFileSystem';
export { fixProject } from './fixRun';
export type { AppliedFix, ChangedFile, FixRunOptions, FixRunResult, UnfixedFinding } from './fixRun';
export { baseName, comparePaths, isUnder, joinPlain, parentOf } from './paths';

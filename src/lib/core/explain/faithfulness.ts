/**
 * The trust checks behind "Is this explanation trustworthy?": whether deleting what a map ranks first
 * destroys the prediction faster than deleting at random (deletion.ts), and whether the map changes
 * when the model's weights are randomised (randomisation.ts).
 */
export { deletionCurves, type Curve, type DeletionOptions, type DeletionReport } from './deletion';
export { randomisationCheck, randomisedCopy, spearman } from './randomisation';

/** `hospital ...`: hospitals check, claim and trace their payouts, and rotate their payout address. */
export const hospitalTasks = [];

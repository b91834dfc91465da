/** Who may do what: staff roles, each able to do all that the one below it can. */
export const roles = ['agent', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A manager can do what an agent can; an admin what a manager can. */
export const roleRank: Record<Role, number> = { agent: 1, manager: 2, admin: 3 };
export const hasRole = (role: Role, needed: Role) => roleRank[role] >= roleRank[needed];

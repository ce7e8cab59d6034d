using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Storage;

/// <summary>
/// A save lost a race on a row that only one writer may hold (such as a claim on a customer account): another turn,
/// job or host committed first, and nothing of this save was written. Deciding again against what the winner
/// committed gives the right answer, so the conversation engine runs such a turn once more.
/// </summary>
public sealed class ContendedWriteException(string message) : DbUpdateException(message);

using Microsoft.EntityFrameworkCore;
using PartnerBot.PartnerVoice;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
}

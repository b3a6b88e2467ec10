namespace Portal.Grains.Data;

/// <summary>A staff member who cares for a patient and so may open the patient's record.</summary>
public sealed class CareTeamMember
{
    public Guid PatientId { get; set; }
    public Guid StaffId { get; set; }
    public DateTime AddedUtc { get; set; }
}
